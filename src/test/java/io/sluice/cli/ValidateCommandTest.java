package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.sluice.sync.SyncRegistry;
import io.sluice.testing.PeopleSource;
import io.sluice.warehouse.Warehouses;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code validate <folder>}: one line per real mistake ({@code file: field: reason}), exit 0 only when every file is valid. */
@QuarkusTest
class ValidateCommandTest {
    static final Path DIR = Path.of("target/validate-test");

    @Inject
    SyncRegistry registry;

    @Inject
    Warehouses warehouses;

    @BeforeEach
    void sourceTable() {
        PeopleSource.reset(warehouses, 5);
    }

    private record Outcome(int exitCode, List<String> lines, String notes) {
    }

    private Outcome validate(Map<String, String> files) throws IOException {
        Path dir = Files.createDirectories(DIR.resolve(String.valueOf(System.nanoTime())));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ValidateCommand.report(registry.validate(dir), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8).lines().map(l -> l.replace(dir + "/", "")).toList(),
                err.toString(StandardCharsets.UTF_8));
    }

    private static String sync(String slug, String source, String connection, String strategy, String mapping) {
        return "slug: " + slug + "\nsource: {warehouse: default, " + source + "}\ntarget: {connection: " + connection + ", object: Person}\n"
                + "strategy: " + strategy + "\nmapping: " + mapping + "\n";
    }

    @Test
    void everyFileValidExitsZeroAndPrintsNoProblem() throws IOException {
        Outcome o = validate(Map.of(
                "a.yaml", sync("va", "table: people, id-column: id, filter: \"id > 1\"", "memory", "upsert", "{email: lower(email), name: name}"),
                "b.yaml", sync("vb", "query: \"SELECT id, email FROM people\", id-column: id", "memory", "mirror", "{email: email}")));
        assertThat(o.exitCode()).isZero();
        assertThat(o.lines()).isEmpty();
        assertThat(o.notes()).contains("2 sync(s) valid, 0 problem(s)");
    }

    @Test
    void eachMistakeIsOneLineWithFileFieldAndReasonAndTheExitCodeIsOne() throws IOException {
        Outcome o = validate(Map.of(
                "good.yaml", sync("v-good", "table: people, id-column: id", "memory", "upsert", "{email: email}"),
                "no-table.yaml", sync("v-table", "table: analytics.contacts, id-column: id", "memory", "upsert", "{email: email}"),
                "no-id.yaml", sync("v-id", "table: people, id-column: person_id", "memory", "upsert", "{email: email, name: name}"),
                "typo.yaml", sync("v-typo", "table: people, id-column: id, filter: \"actve\"", "memory", "upsert", "{email: lower(emial), name: name}"),
                "paren.yaml", sync("v-paren", "table: people, id-column: id", "memory", "upsert", "{email: \"lower(email\"}"),
                "conn.yaml", sync("v-conn", "table: people, id-column: id", "nowhere", "upsert", "{email: email}"),
                "strategy.yaml", sync("v-strategy", "table: people, id-column: id", "memory", "send", "{email: email}")));
        assertThat(o.exitCode()).isEqualTo(ValidateCommand.INVALID);
        assertThat(o.lines()).hasSize(7);
        assertThat(o.lines()).anySatisfy(l -> assertThat(l).startsWith("no-table.yaml: source.table: source table 'analytics.contacts' does not exist"))
                .anySatisfy(l -> assertThat(l).startsWith("no-id.yaml: source.id-column: 'person_id' is not a column of source table 'people'"))
                .anySatisfy(l -> assertThat(l).startsWith("typo.yaml: source.filter: filter 'actve' does not compile"))
                .anySatisfy(l -> assertThat(l).startsWith("typo.yaml: mapping.email: expression 'lower(emial)' does not compile"))
                .anySatisfy(l -> assertThat(l).startsWith("paren.yaml: mapping.email: expression 'lower(email' has 1 unclosed parenthesis"))
                .anySatisfy(l -> assertThat(l).startsWith("conn.yaml: target.connection: no connection named 'nowhere'"))
                .anySatisfy(l -> assertThat(l).startsWith("strategy.yaml: strategy: plugin 'memory'"));
        assertThat(o.lines()).noneSatisfy(l -> assertThat(l).startsWith("good.yaml"));
        assertThat(o.notes()).contains("1 sync(s) valid, 7 problem(s)");
    }

    @Test
    void aDuplicateSlugNamesBothFiles() throws IOException {
        Outcome o = validate(Map.of(
                "a.yaml", sync("v-dup", "table: people, id-column: id", "memory", "upsert", "{email: email}"),
                "b.yaml", sync("v-dup", "table: people, id-column: id", "memory", "mirror", "{email: email}")));
        assertThat(o.exitCode()).isEqualTo(ValidateCommand.INVALID);
        assertThat(o.lines()).containsExactly("b.yaml: slug: 'v-dup' is already the slug of a.yaml, which keeps the sync; "
                + "each sync file needs a slug of its own");
    }
}
