package io.sluice.apps.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.apps.AppCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shipped and user definitions: a user file overrides a shipped one, a bad file is rejected while the others load, reload. */
class AppCatalogTest {
    @TempDir
    Path dir;

    private static String definition(String app, String path) {
        return DefinitionParserTest.VALID.replace("app: acme", "app: " + app).replace("path: /contacts", "path: \"" + path + "\"");
    }

    private AppCatalog catalog() {
        return new AppCatalog(Optional.of(dir), getClass().getClassLoader());
    }

    @Test
    void userDefinitionsLoadBesideTheShippedOnesAndABadFileIsRejectedAlone() throws IOException {
        Files.writeString(dir.resolve("acme.yaml"), definition("acme", "/contacts"));
        Files.writeString(dir.resolve("broken.yaml"), definition("broken", "/x").replace("method: PATCH", "method: FETCH"));
        Files.writeString(dir.resolve("notes.txt"), "not a definition");

        AppCatalog catalog = catalog();

        assertThat(catalog.find("acme")).get().satisfies(a -> {
            assertThat(a.source()).isEqualTo(AppSource.USER);
            assertThat(a.overridesShipped()).isFalse();
            assertThat(a.file()).endsWith("acme.yaml");
        });
        assertThat(catalog.find("broken")).isEmpty();
        assertThat(catalog.rejected()).singleElement().satisfies(p -> {
            assertThat(p.file()).endsWith("broken.yaml");
            assertThat(p.field()).isEqualTo("actions.update.method");
        });
    }

    @Test
    void aUserFileOverridesTheShippedDefinitionOfTheSameName() throws IOException {
        AppCatalog shippedOnly = new AppCatalog(Optional.empty(), getClass().getClassLoader());
        String shipped = shippedOnly.all().stream().map(LoadedApp::app).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(shipped != null, "no shipped definition yet");
        Files.writeString(dir.resolve(shipped + ".yaml"), definition(shipped, "/mine"));

        AppCatalog catalog = catalog();

        assertThat(catalog.find(shipped)).get().satisfies(a -> {
            assertThat(a.source()).isEqualTo(AppSource.USER);
            assertThat(a.overridesShipped()).isTrue();
        });
    }

    @Test
    void reloadAddsChangesRemovesAndKeepsADefinitionWhoseFileBroke() throws IOException {
        Files.writeString(dir.resolve("acme.yaml"), definition("acme", "/contacts"));
        Files.writeString(dir.resolve("beta.yaml"), definition("beta", "/contacts"));
        Files.writeString(dir.resolve("gone.yaml"), definition("gone", "/contacts"));
        AppCatalog catalog = catalog();

        Files.writeString(dir.resolve("acme.yaml"), definition("acme", "/people"));
        Files.writeString(dir.resolve("beta.yaml"), definition("beta", "{{ oops"));
        Files.delete(dir.resolve("gone.yaml"));
        Files.writeString(dir.resolve("new-app.yaml"), definition("new-app", "/contacts"));
        AppsReload reload = catalog.reload();

        assertThat(reload.added()).containsExactly("new-app");
        assertThat(reload.changed()).containsExactly("acme");
        assertThat(reload.removed()).containsExactly("gone");
        assertThat(reload.kept()).containsExactly("beta");
        assertThat(reload.rejected()).extracting(DefinitionProblem::field).containsExactly("actions.create.path");
        assertThat(catalog.find("beta")).isPresent();
        assertThat(catalog.find("acme").orElseThrow().definition().actions().values().iterator().next().path().text()).isEqualTo("/people");
    }
}
