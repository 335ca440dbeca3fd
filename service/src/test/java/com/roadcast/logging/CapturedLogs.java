package com.roadcast.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.roadcast.testing.Repo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything written to the console (where the production configuration sends the application and access
 * logs) while open, still shown on the console too; and that production logging configuration.
 */
final class CapturedLogs implements AutoCloseable {
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    CapturedLogs() {
        System.setOut(new PrintStream(new Tee(out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err), true, StandardCharsets.UTF_8));
    }

    String text() {
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
    }

    /** config.yml with config-prod.yml's logging and access log (JSON layouts), in a temporary file. */
    static Path productionLoggingConfig() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode config = (ObjectNode) yaml.readTree(Repo.file("config.yml").toFile());
        JsonNode prod = yaml.readTree(Repo.file("config-prod.yml").toFile());
        config.set("logging", prod.path("logging"));
        ((ObjectNode) config.path("server")).set("requestLog", prod.path("server").path("requestLog"));
        Path file = Files.createTempFile("roadcast-prod-logging", ".yml");
        yaml.writeValue(file.toFile(), config);
        return file;
    }

    private final class Tee extends OutputStream {
        private final OutputStream console;

        Tee(OutputStream console) {
            this.console = console;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (copy) {
                copy.write(bytes, offset, length);
            }
            try {
                console.write(bytes, offset, length);
            } catch (IOException ignored) {
                // the console copy is best effort; the buffer is what the test reads
            }
        }
    }
}
