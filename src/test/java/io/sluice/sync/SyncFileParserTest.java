package io.sluice.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.plugin.Strategy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncFileParserTest {
    private final SyncFileParser parser = new SyncFileParser(Duration.ofHours(4));

    @Test
    void parsesACompleteFile() {
        SyncDefinition s = parser.parse("syncs/a.yaml", """
                slug: contacts-to-crm
                description: nightly contacts
                source:
                  warehouse: main
                  table: analytics.public.contacts
                  id-column: contact_id
                  filter: "active AND email IS NOT NULL"
                target:
                  connection: crm
                  object: Contact
                  options: {external-id: Email__c}
                strategy: Mirror
                mapping:
                  LastName: last_name
                  Email: lower(email)
                schedule: "*/15 * * * *"
                after: [accounts-to-crm]
                time-limit: 30m
                tuning: {batch-size: 50, concurrency: 8}
                """);
        assertThat(s.slug()).isEqualTo("contacts-to-crm");
        assertThat(s.strategy()).isEqualTo(Strategy.MIRROR);
        assertThat(s.source().table()).isEqualTo("analytics.public.contacts");
        assertThat(s.mapping()).containsExactly(java.util.Map.entry("Email", "lower(email)"), java.util.Map.entry("LastName", "last_name"));
        assertThat(s.target().options()).containsEntry("external-id", "Email__c");
        assertThat(s.timeLimit()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.tuning()).isEqualTo(new SyncDefinition.Tuning(50, 8));
        assertThat(s.after()).containsExactly("accounts-to-crm");
    }

    @Test
    void aSyncDefinesRateLimitsOfItsOwnInTuning() {
        SyncDefinition s = parser.parse("r.yaml", """
                slug: r
                source: {table: t, id-column: id}
                target: {connection: c}
                strategy: upsert
                mapping: {a: a}
                tuning:
                  rate-limits:
                    api: {rates: "10/s, 1000/hour"}
                    search: {rates: 2/s, methods: [POST], url: "*/search"}
                """);
        assertThat(s.tuning().rateLimits()).extracting(io.sluice.plugin.RateLimitOverride::name).containsExactly("api", "search");
        assertThat(s.rateLimits().sync()).isEqualTo("r");
        assertThat(s.tuning().rateLimits().get(1).methods()).contains(java.util.Set.of("POST"));
    }

    @Test
    void aBadSyncRateLimitNamesItsField() {
        assertThatThrownBy(() -> parser.parse("r.yaml", """
                slug: r
                source: {table: t, id-column: id}
                target: {connection: c}
                strategy: upsert
                mapping: {a: a}
                tuning: {rate-limits: {api: {rates: 10/fortnight}}}
                """)).isInstanceOfSatisfying(SyncFileException.class, e -> assertThat(e.problems()).singleElement()
                .satisfies(p -> {
                    assertThat(p.field()).isEqualTo("tuning.rate-limits.api.rates");
                    assertThat(p.reason()).contains("10/fortnight");
                }));
    }

    @Test
    void defaultsApplyWhenOptionalFieldsAreAbsent() {
        SyncDefinition s = parser.parse("b.yaml", """
                slug: b
                source: {table: t, id-column: id}
                target: {connection: c}
                strategy: upsert
                template: '{"x": "{{ row.a }}"}'
                """);
        assertThat(s.source().warehouse()).isEqualTo("default");
        assertThat(s.timeLimit()).isEqualTo(Duration.ofHours(4));
        assertThat(s.usesTemplate()).isTrue();
        assertThat(s.tuning()).isEqualTo(SyncDefinition.Tuning.DEFAULT);
    }

    @Test
    void reportsEveryProblemWithFileAndField() {
        assertThatThrownBy(() -> parser.parse("syncs/bad.yaml", """
                slug: Bad_Slug
                sourze: {}
                source: {table: t, query: "select 1", id-column: "id; drop"}
                target: {object: x}
                strategy: merge
                mapping: {a: "x); DELETE FROM y; --"}
                time-limit: soon
                tuning: {batch-size: 0}
                """)).isInstanceOfSatisfying(SyncFileException.class, e -> {
            List<String> fields = e.problems().stream().map(SyncProblem::field).toList();
            assertThat(fields).contains("slug", "sourze", "source", "source.id-column", "target.connection", "strategy", "mapping.a",
                    "time-limit", "tuning.batch-size");
            assertThat(e.problems()).allMatch(p -> p.file().equals("syncs/bad.yaml"));
            assertThat(e.getMessage()).contains("syncs/bad.yaml: field 'strategy': unknown strategy 'merge'");
        });
    }

    @Test
    void mappingAndTemplateAreExclusiveAndOneIsRequired() {
        assertThatThrownBy(() -> parser.parse("c.yaml", "slug: c\nsource: {table: t, id-column: id}\ntarget: {connection: x}\nstrategy: send\n"))
                .hasMessageContaining("field 'mapping'").hasMessageContaining("either 'mapping'");
        assertThatThrownBy(() -> parser.parse("c.yaml", """
                slug: c
                source: {table: t, id-column: id}
                target: {connection: x}
                strategy: send
                mapping: {a: b}
                template: "{}"
                """)).hasMessageContaining("field 'template'").hasMessageContaining("not both");
    }

    @Test
    void oneMistakeGivesOneProblem() {
        assertThatThrownBy(() -> parser.parse("u.yaml", """
                slug: u
                source: {table: t, id-column: id}
                target: {connection: x}
                strategy: upsert
                mapping: {email: "lower(email"}
                """)).isInstanceOfSatisfying(SyncFileException.class, e -> assertThat(e.problems()).singleElement()
                .satisfies(p -> {
                    assertThat(p.field()).isEqualTo("mapping.email");
                    assertThat(p.reason()).contains("unclosed parenthesis");
                }));
        assertThatThrownBy(() -> parser.parse("v.yaml", """
                slug: v
                source: {table: {name: t}, id-column: id}
                target: {connection: x}
                strategy: upsert
                mapping: {email: email}
                """)).isInstanceOfSatisfying(SyncFileException.class, e -> assertThat(e.problems()).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("source.table")));
    }

    @Test
    void invalidYamlNamesTheFileAndLine() {
        assertThatThrownBy(() -> parser.parse("d.yaml", "slug: d\nsource: [unclosed\n"))
                .isInstanceOf(SyncFileException.class).hasMessageContaining("d.yaml").hasMessageContaining("not valid YAML");
    }
}
