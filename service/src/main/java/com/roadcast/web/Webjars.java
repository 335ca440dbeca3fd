package com.roadcast.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of a webjar on the class path, as its Maven properties record it. */
public final class Webjars {
    private Webjars() {}

    public static String version(String group, String artifact) {
        String properties = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Webjars.class.getClassLoader().getResourceAsStream(properties)) {
            if (in == null) {
                throw new IllegalStateException("the " + artifact + " webjar is missing from the class path (" + properties + ")");
            }
            Properties read = new Properties();
            read.load(in);
            return read.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
