package io.sluice.apps.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shipped definitions are the files the index names, read alike from a folder or a jar (the packaged service). */
class ShippedDefinitionsTest {
    @TempDir
    Path dir;

    @Test
    void theIndexNamesExactlyTheDefinitionsOfTheShippedFolder() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources", ShippedDefinitions.FOLDER))) {
            var inFolder = files.map(p -> p.getFileName().toString()).filter(ShippedDefinitions::isDefinition).sorted().toList();
            assertThat(ShippedDefinitions.read(getClass().getClassLoader()).keySet())
                    .as("apps/index.txt must list every file of src/main/resources/apps, and only those")
                    .containsExactlyElementsOf(inFolder);
        }
    }

    @Test
    void definitionsNamedByTheIndexInsideAJarAreReadAndOthersAreNot() throws IOException {
        Path jar = jar(entry("apps/index.txt", "# shipped\nalpha.yaml\n\nbeta.yml  # a comment\n"),
                entry("apps/alpha.yaml", "app: alpha\n"), entry("apps/beta.yml", "app: beta\n"),
                entry("apps/gamma.yaml", "app: gamma\n"));

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(ShippedDefinitions.read(loader)).containsOnlyKeys("alpha.yaml", "beta.yml").containsEntry("alpha.yaml", "app: alpha\n");
            assertThat(ShippedDefinitions.read(loader, "gamma")).isEqualTo("app: gamma\n");
        }
    }

    @Test
    void anIndexNamingAMissingFileFailsNamingIt() throws IOException {
        Path jar = jar(entry("apps/index.txt", "ghost.yaml\n"));

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThatThrownBy(() -> ShippedDefinitions.read(loader)).hasMessageContaining("ghost.yaml");
        }
    }

    private record Entry(String name, String text) {
    }

    private static Entry entry(String name, String text) {
        return new Entry(name, text);
    }

    private Path jar(Entry... entries) throws IOException {
        Path jar = Files.createTempFile(dir, "apps", ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Entry e : entries) {
                out.putNextEntry(new JarEntry(e.name()));
                OutputStream o = out;
                o.write(e.text().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
