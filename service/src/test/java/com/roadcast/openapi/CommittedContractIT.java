package com.roadcast.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.TestApp;
import com.roadcast.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The document the running service generates is the one committed as {@code docs/openapi.yaml}, so a change
 * of contract is always a visible diff. Run with {@code -Dopenapi.update=true} to rewrite the file.
 */
@Timeout(120)
class CommittedContractIT {
    static final String REGENERATE = "nice -n 10 mvn -B -o -pl service test -Dtest=CommittedContractIT "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dopenapi.update=true";

    @Test
    void generatedDocumentIsTheCommittedOne() throws IOException {
        String generated;
        try (TestApp app = TestApp.start()) {
            generated = app.adminClient().get("/openapi.yaml").raw().body();
        }
        Path committed = Repo.file("docs/openapi.yaml");
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(committed, generated);
        }
        Path written = Repo.file("service/target/openapi.generated.yaml");
        Files.createDirectories(written.getParent());
        Files.writeString(written, generated);
        assertThat(Files.exists(committed)).as("docs/openapi.yaml is missing; generate it with:%n  %s", REGENERATE).isTrue();
        assertThat(generated)
                .as("docs/openapi.yaml differs from the document the service generates from its resources (and config.yml's rate limits). If the "
                        + "contract change is intended, regenerate the file and commit the diff:%n  %s%nThe generated document is in %s.", REGENERATE, written)
                .isEqualTo(Files.readString(committed));
    }
}
