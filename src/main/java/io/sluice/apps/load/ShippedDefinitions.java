package io.sluice.apps.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The definitions shipped with Sluice: the files named in {@code apps/index.txt} on the class path, one file name per
 * line ({@code #} starts a comment).
 *
 * <p>Why an index rather than listing the folder: a class path folder cannot be listed the same way in every layout
 * (a folder in tests and dev mode, a jar in the packaged service, resources of a native image, where listing depends
 * on the build), while reading named resources works in all of them. {@code ShippedDefinitionsTest} fails when the
 * index and the folder {@code src/main/resources/apps} disagree, so the index cannot drift.
 */
public final class ShippedDefinitions {
    static final String FOLDER = "apps";
    static final String INDEX = FOLDER + "/index.txt";

    private ShippedDefinitions() {
    }

    /** The shipped files' texts by file name ({@code klaviyo.yaml}), in name order. */
    public static Map<String, String> read(ClassLoader loader) {
        Map<String, String> out = new TreeMap<>();
        String index = resource(loader, INDEX);
        if (index == null) {
            return out;
        }
        for (String line : index.split("\n")) {
            String fileName = line.replaceFirst("#.*", "").trim();
            if (fileName.isEmpty()) {
                continue;
            }
            String text = resource(loader, FOLDER + "/" + fileName);
            if (text == null) {
                throw new IllegalStateException(INDEX + " names " + fileName + ", which is not on the class path");
            }
            out.put(fileName, text);
        }
        return out;
    }

    /** One shipped file's text, or {@code null} when there is none. */
    public static String read(ClassLoader loader, String app) {
        return resource(loader, FOLDER + "/" + app + ".yaml");
    }

    private static String resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped resource " + name, e);
        }
    }

    static boolean isDefinition(String fileName) {
        return fileName.endsWith(".yaml") || fileName.endsWith(".yml");
    }
}
