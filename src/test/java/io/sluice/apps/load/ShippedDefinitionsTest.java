package io.sluice.apps.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shipped definitions are found whether the class path holds them in a folder or in a jar (the packaged service). */
class ShippedDefinitionsTest {
    @TempDir
    Path dir;

    @Test
    void definitionsInsideAJarAreListedAndOthersAreNot() throws IOException {
        Path jar = dir.resolve("apps.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("apps/")); // as Maven writes jars: folders have entries of their own
            out.closeEntry();
            entry(out, "apps/alpha.yaml", "app: alpha\n");
            entry(out, "apps/beta.yml", "app: beta\n");
            entry(out, "apps/readme.txt", "not a definition");
            entry(out, "apps/nested/gamma.yaml", "app: gamma\n");
        }

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            // (Sluice's own class folder is listed too: the fallback for loaders that list no folders)
            assertThat(ShippedDefinitions.read(loader)).containsKeys("alpha.yaml", "beta.yml").containsEntry("alpha.yaml", "app: alpha\n")
                    .doesNotContainKeys("readme.txt", "gamma.yaml", "nested/gamma.yaml");
            assertThat(ShippedDefinitions.read(loader, "alpha")).isEqualTo("app: alpha\n");
        }
    }

    @Test
    void theShippedFolderOnTheTestClassPathIsListed() {
        assertThat(ShippedDefinitions.read(getClass().getClassLoader())).containsKey("hubspot-contacts.yaml");
    }

    private static void entry(JarOutputStream out, String name, String text) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream o = out;
        o.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
