package io.sluice.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The published JSON Schema of a sync file (docs/schema) accepts the files the service accepts and refuses unknown keys. */
class SyncFileSchemaTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static JsonSchema schema;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("docs/schema/sync-file.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    private static Set<ValidationMessage> errors(String yaml) throws IOException {
        return schema.validate(YAML.readTree(yaml));
    }

    private static List<Path> syncFiles() throws IOException {
        try (Stream<Path> demo = Files.list(Path.of("demo/syncs")); Stream<Path> test = Files.list(Path.of("src/test/resources/syncs"))) {
            return Stream.concat(demo, test).filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void everySyncFileTheServiceAcceptsValidatesAndTheBrokenOneDoesNot() throws IOException {
        SyncFileParser parser = new SyncFileParser(Duration.ofHours(4));
        List<Path> files = syncFiles();
        assertThat(files).hasSizeGreaterThan(5);
        for (Path file : files) {
            String yaml = Files.readString(file);
            boolean parses = parses(parser, file, yaml);
            assertThat(errors(yaml)).as("%s (the parser %s it)", file, parses ? "accepts" : "rejects").matches(e -> e.isEmpty() == parses);
        }
    }

    private static boolean parses(SyncFileParser parser, Path file, String yaml) {
        try {
            parser.parse(file.toString(), yaml);
            return true;
        } catch (SyncFileException e) {
            return false;
        }
    }

    @Test
    void anUnknownKeyAMissingRequiredFieldOrBothMappingAndTemplateFail() throws IOException {
        String valid = "slug: s\nsource: {table: t, id-column: id}\ntarget: {connection: c}\nstrategy: upsert\nmapping: {a: a}\n";
        assertThat(errors(valid)).isEmpty();
        assertThat(errors(valid + "sheduel: \"0 3 * * *\"\n")).singleElement().satisfies(m -> assertThat(m.getMessage()).contains("sheduel"));
        assertThat(errors(valid.replace("id-column: id", "id-column: id, tabel: x"))).isNotEmpty();
        assertThat(errors(valid.replace("strategy: upsert\n", ""))).isNotEmpty();
        assertThat(errors(valid + "template: '{}'\n")).isNotEmpty();
        assertThat(errors(valid.replace("{table: t,", "{table: t, query: \"select 1\","))).isNotEmpty();
    }

    @Test
    void theReadmeExampleValidates() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```yaml\nslug: contacts-to-crm");
        String yaml = readme.substring(start + "```yaml\n".length(), readme.indexOf("```", start + 7));
        JsonNode node = YAML.readTree(yaml);
        assertThat(node.path("slug").asText()).isEqualTo("contacts-to-crm");
        assertThat(schema.validate(node)).isEmpty();
    }
}
