package io.sluice.apps.tiny;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The runtime's test definitions ({@code src/test/resources/apps-test/}). */
public final class TinyDefinitions {
    private TinyDefinitions() {
    }

    /** The text of {@code apps-test/<app>.yaml}. */
    public static String text(String app) {
        try (InputStream in = TinyDefinitions.class.getClassLoader().getResourceAsStream("apps-test/" + app + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("no test definition apps-test/" + app + ".yaml");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
