package io.sluice.apps.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The published JSON Schema of an app definition (docs/schema) accepts every shipped and test definition and refuses unknown keys. */
class AppDefinitionSchemaTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static JsonSchema schema;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("docs/schema/app-definition.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    private static Set<ValidationMessage> errors(String yaml) throws IOException {
        return schema.validate(YAML.readTree(yaml));
    }

    @Test
    void everyShippedAndTestDefinitionTheParserAcceptsValidates() throws IOException {
        List<Path> files;
        try (Stream<Path> shipped = Files.list(Path.of("src/main/resources/apps")); Stream<Path> test = Files.list(Path.of("src/test/resources/apps-test"))) {
            files = Stream.concat(shipped, test).filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(5);
        DefinitionParser parser = new DefinitionParser();
        for (Path file : files) {
            String yaml = Files.readString(file);
            String app = file.getFileName().toString().replace(".yaml", "");
            parser.parse(file.toString(), app, yaml);
            assertThat(errors(yaml)).as("%s", file).isEmpty();
        }
    }

    @Test
    void theParsersExampleValidatesAndUnknownKeysAndMissingPartsFail() throws IOException {
        String valid = DefinitionParserTest.VALID;
        assertThat(errors(valid)).isEmpty();
        assertThat(errors(valid + "colour: blue\n")).singleElement().satisfies(m -> assertThat(m.getMessage()).contains("colour"));
        assertThat(errors(valid.replace("    method: PATCH", "    method: PATCH\n    bodyy: x"))).isNotEmpty();
        assertThat(errors(valid.replace("    path: /contacts", "    path: /contacts\n    batch: { max: 10 }"))).isNotEmpty();
        assertThat(errors(valid.replace("type: bearer, token", "type: kerberos, token"))).isNotEmpty();
        assertThat(errors(valid.replace("method: PATCH", "method: patch"))).isNotEmpty();
    }
}
