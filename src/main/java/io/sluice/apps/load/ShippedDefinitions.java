package io.sluice.apps.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The definitions shipped with Sluice: every {@code apps/*.yaml} on the class path, whether the resources are a folder
 * (tests, dev mode) or inside a jar (the packaged service), and in the jar or folder Sluice's own classes come from (for
 * class loaders that do not list folder resources).
 */
public final class ShippedDefinitions {
    static final String FOLDER = "apps";

    private ShippedDefinitions() {
    }

    /** The shipped files' texts by file name ({@code klaviyo.yaml}), in name order. */
    public static Map<String, String> read(ClassLoader loader) {
        Map<String, String> out = new TreeMap<>();
        try {
            Enumeration<URL> roots = loader.getResources(FOLDER);
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                switch (root.getProtocol()) {
                    case "file" -> fromFolder(Path.of(root.toURI()), out);
                    case "jar" -> fromJar(root, out);
                    default -> {
                        // another kind of class path entry holds no definitions we can list
                    }
                }
            }
            // a class loader that lists no folder resources (some packaged layouts): read the jar or folder our classes come from
            fromCodeSource(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the shipped app definitions", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list the shipped app definitions", e);
        }
        return out;
    }

    /** One shipped file's text, or {@code null} when there is none. */
    public static String read(ClassLoader loader, String app) {
        try (InputStream in = loader.getResourceAsStream(FOLDER + "/" + app + ".yaml")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped app definition " + app, e);
        }
    }

    private static void fromFolder(Path folder, Map<String, String> out) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> isDefinition(p.getFileName().toString())).toList()) {
                out.putIfAbsent(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
            }
        }
    }

    private static void fromJar(URL root, Map<String, String> out) throws IOException {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            fromEntries(jar, out);
        }
    }

    private static void fromEntries(JarFile jar, Map<String, String> out) throws IOException {
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
            JarEntry entry = entries.nextElement();
            String name = entry.getName();
            if (name.startsWith(FOLDER + "/") && name.indexOf('/', FOLDER.length() + 1) < 0 && isDefinition(name)) {
                try (InputStream in = jar.getInputStream(entry)) {
                    out.putIfAbsent(name.substring(FOLDER.length() + 1), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static void fromCodeSource(Map<String, String> out) throws IOException, URISyntaxException {
        java.security.CodeSource source = ShippedDefinitions.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
            return;
        }
        Path location = Path.of(source.getLocation().toURI());
        if (Files.isDirectory(location.resolve(FOLDER))) {
            fromFolder(location.resolve(FOLDER), out);
        } else if (Files.isRegularFile(location)) {
            try (JarFile jar = new JarFile(location.toFile())) {
                fromEntries(jar, out);
            }
        }
    }

    static boolean isDefinition(String fileName) {
        return fileName.endsWith(".yaml") || fileName.endsWith(".yml");
    }
}
