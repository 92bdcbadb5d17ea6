package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.plugin.Action;
import io.sluice.state.ApplyReason;
import io.sluice.state.ApplyState;
import io.sluice.state.Health;
import io.sluice.state.Run;
import io.sluice.state.RunState;
import io.sluice.sync.SyncDefinition;
import io.sluice.testing.MutableClock;
import io.sluice.testing.MemoryApp;
import io.sluice.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour contract of SEMANTICS.md, run through the real pipeline against a real warehouse. Each
 * warehouse has a subclass supplying it; the tests are the same everywhere.
 *
 * <p>Source: {@code people(id, email, name, note)} with ids 1..10; {@code note} is never mapped. Pages of 7,
 * commit windows of 5 and batches of 3 make every run cross page, window and batch boundaries.
 */
public abstract class SyncSemanticsSuite {
    protected static final ObjectMapper JSON = new ObjectMapper();

    protected EngineHarness h;
    protected MemoryApp app;
    protected MutableClock clock;

    /** A warehouse whose engine tables may be reset freely. */
    protected abstract Warehouse warehouse();

    /** Whether the warehouse writes a NaN float into JSON as the string "NaN" (PostgreSQL's jsonb) rather than bare. */
    protected boolean writesNanAsString() {
        return false;
    }

    /** How long one run may take; a remote warehouse needs longer for the same statements. */
    protected Duration runTimeout() {
        return Duration.ofMinutes(2);
    }

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        h = new EngineHarness(warehouse(), clock, EngineHarness.config(7, 5, 3, 2), runTimeout());
        for (String t : List.of("record_state", "record_history", "runs", "run_locks")) {
            h.sql("DELETE FROM " + h.warehouse.engineTable(t));
        }
        h.sql("DROP TABLE IF EXISTS people",
                "CREATE TABLE people (id INTEGER, email VARCHAR(200), name VARCHAR(200), note VARCHAR(200))",
                "INSERT INTO people SELECT i, 'p' || i || '@example.com', 'Person ' || i, 'n' FROM ("
                        + IntStream.rangeClosed(1, 10).mapToObj(i -> "SELECT " + i + " AS i").reduce((a, b) -> a + " UNION ALL " + b).orElseThrow()
                        + ") AS numbers");
        app = new MemoryApp();
        app.maxBatch = 3;
    }

    protected static SyncDefinition sync(String strategy) {
        return EngineHarness.sync("""
                slug: people-%s
                source: {warehouse: w, table: people, id-column: id}
                target: {connection: app, object: Person}
                strategy: %s
                mapping:
                  email: email
                  name: name
                """.formatted(strategy, strategy));
    }

    protected Run run(SyncDefinition sync) {
        app.clearReceived();
        clock.advance(Duration.ofMinutes(1));
        return h.run(sync, app);
    }

    protected List<String> sent(Action action) {
        return app.received(action).stream().sorted(SyncSemanticsSuite::numeric).toList();
    }

    private static int numeric(String a, String b) {
        return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
    }

    protected static List<String> ids(int... ids) {
        return IntStream.of(ids).mapToObj(String::valueOf).toList();
    }

    protected static List<String> all() {
        return IntStream.rangeClosed(1, 10).mapToObj(String::valueOf).toList();
    }

    @Nested
    class Strategies {
        @Test
        void upsertCreatesNewUpdatesChangedNeverDeletes() {
            SyncDefinition s = sync("upsert");
            Run first = run(s);
            assertThat(sent(Action.CREATE)).isEqualTo(all());
            assertThat(first.state()).isEqualTo(RunState.COMPLETED);
            assertThat(first.health()).isEqualTo(Health.HEALTHY);
            assertThat(first.counts().count(Action.CREATE)).isEqualTo(10);
            assertThat(first.counts().count(ApplyState.SUCCESS)).isEqualTo(10);
            assertThat(first.recordsStaged()).isEqualTo(10);

            Run unchanged = run(s);
            assertThat(app.received).isEmpty();
            assertThat(unchanged.recordsStaged()).isZero();
            assertThat(unchanged.health()).isEqualTo(Health.HEALTHY);

            h.sql("UPDATE people SET email = 'new3@example.com' WHERE id = 3", "UPDATE people SET note = 'unmapped' WHERE id = 4",
                    "DELETE FROM people WHERE id = 5", "INSERT INTO people VALUES (11, 'p11@example.com', 'Person 11', 'n')");
            Run changed = run(s);
            assertThat(sent(Action.UPDATE)).containsExactly("3");
            assertThat(sent(Action.CREATE)).containsExactly("11");
            assertThat(sent(Action.DELETE)).isEmpty();
            assertThat(app.received).hasSize(2);
            assertThat(changed.counts().count(Action.UPDATE)).isEqualTo(1);
            assertThat(app.objects.get("app-3").get("email").asText()).isEqualTo("new3@example.com");
            assertThat(h.stateOf(s.slug(), "5")).isPresent();
        }

        @Test
        void createSendsOnlyNewRecords() {
            SyncDefinition s = sync("create");
            run(s);
            assertThat(sent(Action.CREATE)).isEqualTo(all());
            h.sql("UPDATE people SET email = 'x@example.com' WHERE id = 1", "DELETE FROM people WHERE id = 2");
            run(s);
            assertThat(app.received).isEmpty();
        }

        @Test
        void updateSendsUpdatesForNewAndChanged() {
            SyncDefinition s = sync("update");
            run(s);
            assertThat(sent(Action.UPDATE)).isEqualTo(all());
            h.sql("UPDATE people SET name = 'Renamed' WHERE id = 7", "DELETE FROM people WHERE id = 8");
            run(s);
            assertThat(sent(Action.UPDATE)).containsExactly("7");
            assertThat(app.received).hasSize(1);
        }

        @Test
        void deleteDeletesEachListedRecordOnce() {
            SyncDefinition s = sync("delete");
            run(s);
            assertThat(sent(Action.DELETE)).isEqualTo(all());
            h.sql("UPDATE people SET email = 'x@example.com' WHERE id = 1");
            run(s);
            assertThat(app.received).isEmpty();
            h.sql("INSERT INTO people VALUES (12, 'p12@example.com', 'Person 12', 'n')");
            run(s);
            assertThat(sent(Action.DELETE)).containsExactly("12");
        }

        @Test
        void mirrorCreatesUpdatesAndDeletesRecordsThatLeave() {
            SyncDefinition s = sync("mirror");
            run(s);
            assertThat(app.objects).hasSize(10);
            h.sql("UPDATE people SET email = 'm2@example.com' WHERE id = 2", "DELETE FROM people WHERE id IN (3, 4)");
            Run r = run(s);
            assertThat(sent(Action.UPDATE)).containsExactly("2");
            assertThat(sent(Action.DELETE)).containsExactly("3", "4");
            assertThat(app.objects).hasSize(8).doesNotContainKeys("app-3", "app-4");
            assertThat(r.counts().count(Action.DELETE)).isEqualTo(2);
            // a deleted record leaves record state; the delete carried the last applied record and the app id
            assertThat(h.stateOf(s.slug(), "3")).isEmpty();
            assertThat(app.received.stream().filter(x -> x.identifier().equals("3")).findFirst().orElseThrow().appIdentifier())
                    .isEqualTo("app-3");
            assertThat(h.history(s.slug(), "3")).extracting(row -> row.get("action")).containsExactly("CREATE", "DELETE");

            run(s);
            assertThat(app.received).isEmpty();
            h.sql("INSERT INTO people VALUES (3, 'p3@example.com', 'Person 3', 'n')");
            run(s);
            assertThat(sent(Action.CREATE)).containsExactly("3");
        }

        @Test
        void mirrorDropsARecordThatNeverSucceededWithoutAnAction() {
            SyncDefinition s = sync("mirror");
            app.reject.add("6");
            run(s);
            assertThat(h.applyState(s.slug(), "6")).isEqualTo(ApplyState.DESTINATION_FAILURE);
            h.sql("DELETE FROM people WHERE id = 6");
            Run r = run(s);
            assertThat(app.received).isEmpty();
            assertThat(h.stateOf(s.slug(), "6")).isEmpty();
            assertThat(r.counts().count(ApplyState.NOT_REQUIRED)).isEqualTo(1);
            assertThat(h.history(s.slug(), "6")).last().satisfies(row -> {
                assertThat(row.get("action")).isNull();
                assertThat(row.get("apply_state")).isEqualTo("NOT_REQUIRED");
            });
        }

        @Test
        void replaceRecreatesEveryCurrentRecordEveryRun() {
            SyncDefinition s = sync("replace");
            run(s);
            assertThat(sent(Action.RECREATE)).isEqualTo(all());
            h.sql("DELETE FROM people WHERE id = 10");
            run(s);
            assertThat(sent(Action.RECREATE)).isEqualTo(all().subList(0, 9));
        }

        @Test
        void sendDeliversEachNewRecordOnce() {
            SyncDefinition s = sync("send");
            run(s);
            assertThat(sent(Action.SEND)).isEqualTo(all());
            h.sql("UPDATE people SET email = 'changed@example.com' WHERE id = 1",
                    "INSERT INTO people VALUES (13, 'p13@example.com', 'Person 13', 'n')");
            run(s);
            assertThat(sent(Action.SEND)).containsExactly("13");
        }
    }

    @Nested
    class FailuresAndRequests {
        @Test
        void failedRecordIsRetriedEveryRunUntilItSucceeds() {
            SyncDefinition s = sync("upsert");
            app.reject.add("3");
            Run first = run(s);
            assertThat(first.health()).isEqualTo(Health.INCOMPLETE);
            assertThat(first.counts().count(ApplyState.DESTINATION_FAILURE)).isEqualTo(1);
            Map<String, Object> failed = h.stateOf(s.slug(), "3").orElseThrow();
            assertThat(failed.get("apply_state")).isEqualTo("DESTINATION_FAILURE");
            assertThat(((Number) failed.get("failure_count")).intValue()).isEqualTo(1);
            assertThat((String) failed.get("last_result")).contains("rejected by the app");
            assertThat(failed.get("applied_hash")).isNull();

            run(s);
            assertThat(sent(Action.CREATE)).containsExactly("3");
            assertThat(((Number) h.stateOf(s.slug(), "3").orElseThrow().get("failure_count")).intValue()).isEqualTo(2);
            assertThat(h.stateOf(s.slug(), "3").orElseThrow().get("apply_reason")).isEqualTo(ApplyReason.PREVIOUSLY_FAILED.name());

            app.reject.clear();
            Run third = run(s);
            assertThat(sent(Action.CREATE)).containsExactly("3");
            assertThat(third.health()).isEqualTo(Health.HEALTHY);
            Map<String, Object> ok = h.stateOf(s.slug(), "3").orElseThrow();
            assertThat(ok.get("apply_state")).isEqualTo("SUCCESS");
            assertThat(((Number) ok.get("failure_count")).intValue()).isZero();
            assertThat(ok.get("app_identifier")).isEqualTo("app-3");
        }

        @Test
        void failureIsResolvedWhenTheSourceGoesBackToWhatWasApplied() {
            SyncDefinition s = sync("upsert");
            run(s);
            h.sql("UPDATE people SET email = 'bad@example.com' WHERE id = 4");
            app.reject.add("4");
            run(s);
            assertThat(sent(Action.UPDATE)).containsExactly("4");
            assertThat(h.applyState(s.slug(), "4")).isEqualTo(ApplyState.DESTINATION_FAILURE);

            h.sql("UPDATE people SET email = 'p4@example.com' WHERE id = 4");
            Run r = run(s);
            assertThat(app.received).isEmpty();
            assertThat(h.applyState(s.slug(), "4")).isEqualTo(ApplyState.NOT_REQUIRED);
            assertThat(r.counts().count(ApplyState.NOT_REQUIRED)).isEqualTo(1);
            assertThat(h.history(s.slug(), "4")).last().satisfies(row -> assertThat(row.get("apply_reason")).isEqualTo("PREVIOUSLY_FAILED"));
        }

        @Test
        void resyncResendsUnchangedRecords() {
            SyncDefinition upsert = sync("upsert");
            run(upsert);
            h.state.mark(upsert.slug(), ids(2, 5), ApplyState.RESYNC_REQUESTED, clock.instant());
            run(upsert);
            assertThat(sent(Action.UPDATE)).containsExactly("2", "5");
            assertThat(h.history(upsert.slug(), "2")).last().satisfies(row -> assertThat(row.get("apply_reason")).isEqualTo("RESYNC_REQUESTED"));
            run(upsert);
            assertThat(app.received).isEmpty();

            SyncDefinition create = sync("create");
            run(create);
            h.state.mark(create.slug(), ids(7), ApplyState.RESYNC_REQUESTED, clock.instant());
            run(create);
            assertThat(sent(Action.CREATE)).containsExactly("7");
        }

        @Test
        void resyncOfARecordNeverCreatedCreatesIt() {
            SyncDefinition s = sync("upsert");
            app.reject.add("8");
            run(s);
            app.reject.clear();
            h.state.mark(s.slug(), ids(8), ApplyState.RESYNC_REQUESTED, clock.instant());
            run(s);
            assertThat(sent(Action.CREATE)).containsExactly("8");
        }

        @Test
        void skipOnceSuppressesTheCurrentVersionOnly() {
            SyncDefinition s = sync("upsert");
            app.reject.add("4");
            run(s);
            h.state.mark(s.slug(), ids(4), ApplyState.SKIPPED_ONCE, clock.instant());
            Run skipped = run(s);
            assertThat(app.received).isEmpty();
            assertThat(skipped.health()).isEqualTo(Health.HEALTHY);

            app.reject.clear();
            h.sql("UPDATE people SET name = 'Next version' WHERE id = 4");
            run(s);
            assertThat(sent(Action.CREATE)).containsExactly("4");
            assertThat(h.applyState(s.slug(), "4")).isEqualTo(ApplyState.SUCCESS);
        }

        @Test
        void skipAlwaysExcludesARecordForGood() {
            SyncDefinition s = sync("replace");
            run(s);
            h.state.mark(s.slug(), ids(1), ApplyState.SKIPPED_ALWAYS, clock.instant());
            h.sql("UPDATE people SET name = 'Changed' WHERE id = 1");
            run(s);
            assertThat(sent(Action.RECREATE)).doesNotContain("1").hasSize(9);
        }

        @Test
        void nullIdentifiersFailTheRunAndChangeNothing() {
            SyncDefinition s = sync("upsert");
            h.sql("INSERT INTO people VALUES (NULL, 'x@example.com', 'No id', 'n')", "INSERT INTO people VALUES (NULL, 'y@example.com', 'No id', 'n')");
            Run r = run(s);
            assertThat(r.state()).isEqualTo(RunState.FAILED);
            assertThat(r.health()).isEqualTo(Health.FAILED);
            assertThat(r.globalError()).contains("2 source row(s)", "NULL identifier", "'id'", s.slug());
            assertThat(app.received).isEmpty();
            assertThat(h.query("SELECT * FROM " + h.warehouse.engineTable("record_state"))).isEmpty();
        }

        @Test
        void duplicateIdentifiersFailThoseRecordsOnly() {
            SyncDefinition s = sync("upsert");
            h.sql("INSERT INTO people VALUES (2, 'dup@example.com', 'Duplicate', 'n')");
            Run r = run(s);
            assertThat(sent(Action.CREATE)).doesNotContain("2").hasSize(9);
            assertThat(h.applyState(s.slug(), "2")).isEqualTo(ApplyState.SOURCE_FAILURE);
            assertThat((String) h.stateOf(s.slug(), "2").orElseThrow().get("last_result")).contains("appears 2 times");
            // of the duplicated rows, the record kept (in history, and whose hash is the attempted one) is the least
            assertThat(h.history(s.slug(), "2")).singleElement().satisfies(row -> assertThat((String) row.get("record"))
                    .contains("dup@example.com").doesNotContain("p2@example.com"));
            assertThat(r.health()).isEqualTo(Health.INCOMPLETE);
        }

        @Test
        void aBrokenMappingExpressionIsReportedWithItsField() {
            SyncDefinition s = EngineHarness.sync("""
                    slug: typo
                    source: {warehouse: w, table: people, id-column: id}
                    target: {connection: app}
                    strategy: upsert
                    mapping: {email: emial, name: name}
                    """);
            Run r = run(s);
            assertThat(r.state()).isEqualTo(RunState.FAILED);
            assertThat(r.globalError()).contains("mapping field 'email' (expression 'emial')").containsIgnoringCase("emial");
            assertThat(app.received).isEmpty();
        }

        @Test
        void aValueJsonCannotRepresentIsAClearErrorNamingTheField() {
            SyncDefinition s = EngineHarness.sync("""
                    slug: nan
                    source: {warehouse: w, table: people, id-column: id}
                    target: {connection: app}
                    strategy: upsert
                    mapping:
                      email: email
                      score: "CASE WHEN id = 3 THEN CAST('NaN' AS FLOAT8) ELSE CAST(1.5 AS FLOAT8) END"
                    """);
            run(s);
            if (writesNanAsString()) {
                assertThat(sent(Action.CREATE)).hasSize(10);
                assertThat(app.objects.get("app-3").get("score").asText()).isEqualTo("NaN");
            } else {
                // bare NaN is not JSON: only that record fails, naming the field
                assertThat(sent(Action.CREATE)).hasSize(9).doesNotContain("3");
                assertThat(h.applyState(s.slug(), "3")).isEqualTo(ApplyState.SOURCE_FAILURE);
                assertThat((String) h.stateOf(s.slug(), "3").orElseThrow().get("last_result")).contains("field 'score' is NaN or Infinity");
            }
        }

        @Test
        void missingSourceTableFailsTheRunWithTheWarehouseError() {
            SyncDefinition s = EngineHarness.sync("""
                    slug: ghost
                    source: {warehouse: w, table: no_such_table, id-column: id}
                    target: {connection: app}
                    strategy: upsert
                    mapping: {email: email}
                    """);
            Run r = run(s);
            assertThat(r.state()).isEqualTo(RunState.FAILED);
            assertThat(r.globalError()).contains("staging sync 'ghost' failed: source table 'no_such_table' does not exist")
                    .doesNotContain("mapping field");
        }

        @Test
        void aMissingIdColumnIsNamedAsSuchNotAsAMappingField() {
            SyncDefinition s = EngineHarness.sync("""
                    slug: no-id
                    source: {warehouse: w, table: people, id-column: person_id}
                    target: {connection: app}
                    strategy: upsert
                    mapping: {email: email}
                    """);
            Run r = run(s);
            assertThat(r.state()).isEqualTo(RunState.FAILED);
            assertThat(r.globalError()).contains("staging sync 'no-id' failed: 'person_id' is not a column of source table 'people'")
                    .doesNotContain("mapping field").doesNotContain("pending query result");
            assertThat(app.received).isEmpty();
        }
    }

    @Nested
    class ChangeDetection {
        @Test
        void aMappingChangeResendsEveryAffectedRecord() {
            run(sync("upsert"));
            SyncDefinition remapped = EngineHarness.sync("""
                    slug: people-upsert
                    source: {warehouse: w, table: people, id-column: id}
                    target: {connection: app}
                    strategy: upsert
                    mapping:
                      email: email
                      name: upper(name)
                    """);
            run(remapped);
            assertThat(sent(Action.UPDATE)).isEqualTo(all());
            assertThat(app.objects.get("app-1").get("name").asText()).isEqualTo("PERSON 1");
        }

        @Test
        void templatesRenderInTheServiceAndTrackTheColumnsTheyRead() throws Exception {
            String yaml = """
                    slug: people-template
                    source: {warehouse: w, table: people, id-column: id}
                    target: {connection: app}
                    strategy: upsert
                    template: |
                      {"contact": {"mail": "{{ row.email }}", "label": "%s {{ row['name'] }}"}}
                    """;
            SyncDefinition s = EngineHarness.sync(yaml.formatted("Dear"));
            run(s);
            assertThat(sent(Action.CREATE)).isEqualTo(all());
            JsonNode body = app.objects.get("app-2");
            assertThat(body.at("/contact/mail").asText()).isEqualTo("p2@example.com");
            assertThat(body.at("/contact/label").asText()).isEqualTo("Dear Person 2");
            assertThat(JSON.readTree((String) h.history(s.slug(), "2").get(0).get("record")).at("/contact/label").asText())
                    .isEqualTo("Dear Person 2");

            h.sql("UPDATE people SET note = 'not read by the template' WHERE id = 1");
            run(s);
            assertThat(app.received).isEmpty();

            run(EngineHarness.sync(yaml.formatted("Hello")));
            assertThat(sent(Action.UPDATE)).isEqualTo(all());
        }

        @Test
        void aTemplateThatFailsForOneRecordFailsOnlyThatRecord() {
            SyncDefinition s = EngineHarness.sync("""
                    slug: people-broken
                    source: {warehouse: w, table: people, id-column: id}
                    target: {connection: app}
                    strategy: upsert
                    template: |
                      {% if row.id == 6 %}not json{% else %}{"mail": "{{ row.email }}"}{% endif %}
                    """);
            Run r = run(s);
            assertThat(sent(Action.CREATE)).hasSize(9).doesNotContain("6");
            Map<String, Object> st = h.stateOf(s.slug(), "6").orElseThrow();
            assertThat(st.get("apply_state")).isEqualTo("SOURCE_FAILURE");
            assertThat(st.get("apply_reason")).isEqualTo("TRANSFORM_ERROR");
            assertThat((String) st.get("last_result")).contains("did not render a JSON object");
            assertThat(r.health()).isEqualTo(Health.INCOMPLETE);
        }
    }

    @Nested
    class Runs {
        @Test
        void everyIncludedRecordGetsOneHistoryRowPerRun() {
            SyncDefinition s = sync("upsert");
            app.reject.add("9");
            Run r = run(s);
            assertThat(h.historyCount(r.id())).isEqualTo(10);
            Map<String, Object> row = h.history(s.slug(), "1").get(0);
            assertThat(row.get("run_id")).isEqualTo(r.id());
            assertThat(row.get("action")).isEqualTo("CREATE");
            assertThat(row.get("apply_state")).isEqualTo("SUCCESS");
            assertThat(row.get("apply_reason")).isEqualTo("CHANGE_CRITERIA_MET");
            assertThat(row.get("app_identifier")).isEqualTo("app-1");
            assertThat((String) row.get("record")).contains("p1@example.com");
            assertThat((String) h.history(s.slug(), "9").get(0).get("result")).contains("rejected by the app");
        }

        @Test
        void whatTheAppReportsAboutItsQuotasIsKeptOnTheRun() {
            app.usage = Map.of("api-usage", "25/15000");
            Run r = run(sync("upsert"));
            assertThat(r.appUsage()).containsEntry("api-usage", "25/15000");
            assertThat(h.runs.find(r.id()).orElseThrow().appUsage()).containsEntry("api-usage", "25/15000");
        }

        @Test
        void theStatusOfEverySyncReadAtOnceIsEachSyncsOwn() {
            app.reject.add("9");
            SyncDefinition upsert = sync("upsert");
            run(upsert);
            run(upsert);
            SyncDefinition create = sync("create");
            all().forEach(app.reject::add);
            run(create);
            List<String> slugs = List.of(upsert.slug(), create.slug(), "people-never-ran");

            Map<String, SyncStatus> together = SyncHealth.readAll(h.runs, h.state, slugs);

            assertThat(together).containsOnlyKeys(slugs);
            for (String slug : slugs) {
                assertThat(together.get(slug)).as(slug).usingRecursiveComparison().isEqualTo(SyncHealth.read(h.runs, h.state, slug));
            }
            assertThat(together.get(upsert.slug()).records()).containsEntry(ApplyState.SUCCESS, 9L);
            assertThat(together.get(create.slug()).health()).isEqualTo(Health.FAILED);
            assertThat(together.get("people-never-ran").latestRun()).isEmpty();
        }

        @Test
        void allRejectedMeansFailedHealth() {
            all().forEach(app.reject::add);
            Run r = run(sync("upsert"));
            assertThat(r.state()).isEqualTo(RunState.COMPLETED);
            assertThat(r.health()).isEqualTo(Health.FAILED);
        }

        @Test
        void largeSourceCrossesManyPagesWindowsAndBatchesWithoutLossOrRepeat() {
            h.sql("DELETE FROM people");
            h.sql("INSERT INTO people SELECT i, 'p' || i || '@example.com', 'Person ' || i, 'n' FROM ("
                    + "SELECT a.i * 50 + b.i + 1 AS i FROM (" + digits(50) + ") a CROSS JOIN (" + digits(50) + ") b) AS numbers");
            app.maxBatch = 17;
            Run r = run(sync("upsert"));
            assertThat(app.received).hasSize(2500);
            assertThat(app.received.stream().map(x -> x.identifier()).distinct().count()).isEqualTo(2500);
            assertThat(app.batchSizes).allMatch(n -> n <= 3);
            assertThat(r.counts().count(ApplyState.SUCCESS)).isEqualTo(2500);
            assertThat(h.historyCount(r.id())).isEqualTo(2500);
        }

        private String digits(int n) {
            return IntStream.range(0, n).mapToObj(i -> "SELECT " + i + " AS i").reduce((a, b) -> a + " UNION ALL " + b).orElseThrow();
        }

        @Test
        void theSourceChangingDuringARunNeitherRepeatsNorLosesRecords() {
            SyncDefinition s = sync("upsert");
            int[] calls = {0};
            // while the first batch is with the app: a staged row is updated, one deleted, one added
            app.beforeAnswer = batch -> {
                if (++calls[0] == 1) {
                    h.sql("UPDATE people SET email = 'moved@example.com' WHERE id = 9", "DELETE FROM people WHERE id = 10",
                            "INSERT INTO people VALUES (11, 'p11@example.com', 'Person 11', 'n')");
                }
            };
            run(s);
            assertThat(app.received).hasSize(10);
            assertThat(sent(Action.CREATE)).isEqualTo(all());
            assertThat(app.objects.get("app-9").get("email").asText()).isEqualTo("p9@example.com");

            app.beforeAnswer = batch -> {
            };
            run(s);
            assertThat(sent(Action.UPDATE)).containsExactly("9");
            assertThat(sent(Action.CREATE)).containsExactly("11");
            assertThat(app.received).hasSize(2);
        }

        @Test
        void onlyOneActiveRunPerSync() {
            SyncDefinition s = sync("upsert");
            RunPipeline first = h.start(s, app);
            String firstId = h.runs.recent(s.slug(), 1).get(0).id();
            var second = h.runs.start(s.slug(), "other", io.sluice.state.Trigger.API, "test", clock.instant(), clock.instant().minusSeconds(120));
            assertThat(second.started()).isNull();
            assertThat(second.activeRunId()).isEqualTo(firstId);
            first.execute().await().atMost(h.runTimeout());
            assertThat(h.runs.start(s.slug(), "third", io.sluice.state.Trigger.API, "test", clock.instant(), clock.instant().minusSeconds(120))
                    .started()).isNotNull();
        }

        /** What the embedded warehouse's owner does at start: runs left active by a stop cannot still be running. */
        @Test
        void runsLeftActiveByAStopAreAbandonedAndTheirLocksFreed() {
            SyncDefinition s = sync("upsert");
            h.start(s, app); // takes the lock and never runs: the process "stopped"
            String leftActive = h.runs.recent(s.slug(), 1).get(0).id();

            assertThat(h.runs.abandonAll(clock.instant())).isEqualTo(1);

            Run abandoned = h.runs.find(leftActive).orElseThrow();
            assertThat(abandoned.state()).isEqualTo(RunState.FAILED);
            assertThat(abandoned.globalError()).contains("abandoned").contains("sent again by the next run");
            Run next = h.run(s, app);
            assertThat(next.state()).isEqualTo(RunState.COMPLETED);
            assertThat(next.counts().count(ApplyState.SUCCESS)).isEqualTo(10);
        }

        @Test
        void timeLimitStopsSendingAndDelaysTheRest() {
            SyncDefinition s = EngineHarness.sync("""
                    slug: people-limited
                    source: {warehouse: w, table: people, id-column: id}
                    target: {connection: app}
                    strategy: upsert
                    time-limit: 10m
                    tuning: {concurrency: 1}
                    mapping: {email: email}
                    """);
            app.beforeAnswer = batch -> clock.advance(Duration.ofMinutes(11));
            Run r = run(s);
            assertThat(app.received).hasSize(3);
            assertThat(r.state()).isEqualTo(RunState.DELAYED);
            assertThat(r.health()).isEqualTo(Health.DELAYED);
            assertThat(r.globalError()).contains("time limit");
            assertThat(r.counts().count(ApplyState.DELAYED)).isEqualTo(7);
            assertThat(h.historyCount(r.id())).isEqualTo(10);

            app.beforeAnswer = batch -> {
            };
            run(s);
            assertThat(app.received).hasSize(7);
            assertThat(h.query("SELECT * FROM " + h.warehouse.engineTable("record_state") + " WHERE apply_state <> 'SUCCESS'")).isEmpty();
        }

        @Test
        void cancellationDelaysWhatWasNotSent() {
            SyncDefinition s = EngineHarness.sync("""
                    slug: people-cancel
                    source: {warehouse: w, table: people, id-column: id}
                    target: {connection: app}
                    strategy: upsert
                    tuning: {concurrency: 1}
                    mapping: {email: email}
                    """);
            RunPipeline p = h.start(s, app);
            app.beforeAnswer = batch -> p.control().cancel();
            Run r = p.execute().await().atMost(h.runTimeout());
            assertThat(r.state()).isEqualTo(RunState.DELAYED);
            assertThat(r.globalError()).contains("cancelled");
            assertThat(r.counts().count(ApplyState.SUCCESS)).isEqualTo(3);
            assertThat(r.counts().count(ApplyState.DELAYED)).isEqualTo(7);
        }

        @Test
        void aRunStoppedBeforeReadingDelaysEveryStagedRecordEvenThoseNeedingNoCall() {
            SyncDefinition s = sync("mirror");
            app.reject.add("4");
            run(s);
            h.sql("DELETE FROM people WHERE id = 4");
            app.clearReceived();
            clock.advance(Duration.ofMinutes(1));
            RunPipeline p = h.start(s, app);
            p.control().cancel();
            Run stopped = p.execute().await().atMost(h.runTimeout());

            // record 4 never succeeded and left the source: normally dropped without a call, but this run processed nothing
            assertThat(stopped.state()).isEqualTo(RunState.DELAYED);
            assertThat(stopped.counts().byState()).isEqualTo(Map.of(ApplyState.DELAYED, 1L));
            assertThat(app.received).isEmpty();
            assertThat(h.applyState("people-mirror", "4")).isEqualTo(ApplyState.DELAYED);
            assertThat(h.history("people-mirror", "4")).last().satisfies(row -> {
                assertThat(row.get("run_id")).isEqualTo(stopped.id());
                assertThat(row.get("result").toString()).contains("not sent: cancelled");
            });

            Run next = run(s);
            assertThat(next.counts().byState()).isEqualTo(Map.of(ApplyState.NOT_REQUIRED, 1L));
            assertThat(h.stateOf("people-mirror", "4")).isEmpty();
        }

        @Test
        void aRunInterruptedBetweenSendingAndCommittingResendsThoseRecordsAndLosesNone() {
            SyncDefinition s = EngineHarness.sync("""
                    slug: people-crash
                    source: {warehouse: w, table: people, id-column: id}
                    target: {connection: app}
                    strategy: upsert
                    tuning: {concurrency: 1}
                    mapping: {email: email}
                    """);
            String state = h.warehouse.engineTable("record_state");
            String renamed = h.warehouse.dialect().quote("record_state_offline");
            int[] calls = {0};
            // The app accepts every batch. At its third call, once a first window is committed, the state table
            // disappears, so the next commit fails after the app has answered for those records.
            app.beforeAnswer = batch -> {
                if (++calls[0] == 3) {
                    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !h.query("SELECT identifier FROM " + state).isEmpty());
                    h.sql("ALTER TABLE " + state + " RENAME TO " + renamed);
                }
            };
            Run crashed;
            List<String> sentBeforeCrash;
            try {
                crashed = run(s);
                sentBeforeCrash = app.received.stream().map(r -> r.identifier()).toList();
            } finally {
                h.sql("ALTER TABLE " + h.warehouse.engineTable("record_state_offline") + " RENAME TO " + h.warehouse.dialect().quote("record_state"));
            }
            assertThat(crashed.state()).isEqualTo(RunState.FAILED);
            assertThat(crashed.globalError()).contains("committing");
            List<String> committedBefore = h.query("SELECT identifier FROM " + state).stream().map(r -> (String) r.get("identifier")).toList();
            assertThat(committedBefore).isNotEmpty().hasSizeLessThan(10);
            // the app answered for more records than were committed: those are the ones at risk
            assertThat(sentBeforeCrash).containsAll(committedBefore).hasSizeGreaterThan(committedBefore.size());

            app.beforeAnswer = batch -> {
            };
            Run next = run(s);
            assertThat(next.health()).isEqualTo(Health.HEALTHY);
            assertThat(sent(Action.CREATE)).doesNotContainAnyElementsOf(committedBefore).hasSize(10 - committedBefore.size());
            assertThat(h.query("SELECT identifier FROM " + state + " WHERE apply_state = 'SUCCESS'")).hasSize(10);
        }
    }
}
