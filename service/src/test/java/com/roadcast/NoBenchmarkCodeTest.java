package com.roadcast;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The production classes (what the shaded jar ships of ours) hold no benchmark code: no {@code bench}
 * package, no {@code *Baseline*} class, no {@code /bench} resource. The baselines live in bench/java, a
 * jar of their own, so no configuration switch can expose them in production.
 */
class NoBenchmarkCodeTest {

    @Test
    void theProductionClassesHoldNoBenchmarkCode() throws Exception {
        List<String> classes = productionClasses();
        assertThat(classes).as("production classes found").contains(RoadcastApplication.class.getName());
        List<String> benchClasses = classes.stream()
                .filter(name -> name.contains(".bench.") || simpleName(name).contains("Baseline")).toList();
        List<String> benchPaths = classes.stream().flatMap(NoBenchmarkCodeTest::paths)
                .filter(path -> path.equals("/bench") || path.startsWith("/bench/") || path.startsWith("bench"))
                .toList();
        assertThat(benchClasses).as("benchmark classes").isEmpty();
        assertThat(benchPaths).as("@Path values under /bench").isEmpty();
    }

    /** Every class compiled from service/src/main (the directory RoadcastApplication was loaded from). */
    private static List<String> productionClasses() throws IOException, URISyntaxException {
        java.nio.file.Path root = java.nio.file.Path.of(
                RoadcastApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<java.nio.file.Path> files = Files.walk(root)) {
            return files.map(root::relativize).map(java.nio.file.Path::toString).filter(f -> f.endsWith(".class"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.')).sorted().toList();
        }
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** The @Path values of a class and of its methods. */
    private static Stream<String> paths(String className) {
        try {
            Class<?> type = Class.forName(className, false, NoBenchmarkCodeTest.class.getClassLoader());
            return Stream.concat(Stream.of(type), Stream.of(type.getDeclaredMethods()))
                    .map(element -> ((AnnotatedElement) element).getAnnotation(Path.class))
                    .filter(java.util.Objects::nonNull).map(Path::value);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AssertionError("cannot load " + className, e);
        }
    }
}
