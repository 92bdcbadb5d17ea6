package io.sluice.apps.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A definition is data, not code: a template in it cannot read a file (include, import, extends, from) nor an
 * environment variable, whatever it names.
 */
class DefinitionSafetyTest {
    @TempDir
    Path dir;

    private final DefinitionParser parser = new DefinitionParser();

    @Test
    void aTemplateThatIncludesOrImportsAFileIsRejectedAtLoad() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "s3cr3t-from-a-file");
        for (String tag : new String[] {"{% include '" + secret + "' %}", "{% import '" + secret + "' as s %}",
                "{% from '" + secret + "' import x %}", "{% extends '" + secret + "' %}"}) {
            String yaml = DefinitionParserTest.VALID.replace("body: '{\"data\": {{ record | tojson }} }'", "body: \"" + tag + "\"");
            assertThat(yaml).contains(tag);
            DefinitionException e = catchThrowableOfType(DefinitionException.class, () -> parser.parse("apps/acme.yaml", "acme", yaml));
            assertThat(e).as(tag).isNotNull();
            assertThat(e.problems()).as(tag).anySatisfy(p -> {
                assertThat(p.field()).isEqualTo("actions.create.body");
                assertThat(p.reason()).doesNotContain("s3cr3t");
            });
        }
    }

    @Test
    void anEnvironmentVariableReferenceStaysLiteralText() {
        String yaml = DefinitionParserTest.VALID.replace("path: /contacts", "path: \"/contacts/${HOME}/{{ '${PATH}' }}\"");
        var definition = parser.parse("apps/acme.yaml", "acme", yaml);
        String rendered = definition.actions().values().stream().filter(a -> a.path().text().contains("HOME")).findFirst()
                .orElseThrow().path().render(java.util.Map.of());

        assertThat(rendered).isEqualTo("/contacts/${HOME}/${PATH}").doesNotContain(System.getenv().getOrDefault("HOME", "/root"));
    }
}
