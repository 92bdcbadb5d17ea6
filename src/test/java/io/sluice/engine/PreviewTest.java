package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.plan.StageKind;
import io.sluice.plugin.Action;
import io.sluice.state.ApplyReason;
import io.sluice.state.Run;
import io.sluice.state.RunState;
import io.sluice.sync.SyncDefinition;
import io.sluice.testing.MemoryApp;
import io.sluice.testing.MutableClock;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A preview answers what the next run does, from the run's own staging statement, and leaves no trace. */
class PreviewTest {
    private static final SyncDefinition MIRROR = EngineHarness.sync("""
            slug: people-mirror
            source: {warehouse: w, table: people, id-column: id}
            target: {connection: app, object: Person}
            strategy: mirror
            mapping:
              email: email
              name: name
            """);

    private Warehouse warehouse;
    private EngineHarness h;
    private MemoryApp app;
    private MutableClock clock;

    @BeforeEach
    void setUp() {
        warehouse = WarehouseFactory.open("w", "jdbc:duckdb:", Optional.empty(), Optional.empty(), Map.of(), "sluice", 4);
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        h = new EngineHarness(warehouse, clock, EngineHarness.config(7, 5, 3, 2));
        h.sql("CREATE TABLE people AS SELECT i AS id, 'p' || i || '@example.com' AS email, 'Person ' || i AS name FROM range(1, 11) t(i)");
        app = new MemoryApp();
        app.maxBatch = 3;
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    /** After a first run (record 4 failed): 2 changed, 3 gone, 11 new, 12 twice in the source, 4 retried. */
    private void changeTheSourceAfterAFirstRun() {
        app.reject.add("4");
        h.run(MIRROR, app);
        app.reject.clear();
        h.sql("UPDATE people SET email = 'changed@example.com' WHERE id = 2",
                "DELETE FROM people WHERE id = 3",
                "INSERT INTO people VALUES (11, 'p11@example.com', 'Person 11'), (12, 'a@example.com', 'A'), (12, 'b@example.com', 'B')");
        app.clearReceived();
        clock.advance(Duration.ofMinutes(1));
    }

    private Map<String, List<Map<String, Object>>> engineTables() {
        return Map.of(
                "state", h.query("SELECT * FROM " + warehouse.engineTable("record_state") + " ORDER BY sync_id, identifier"),
                "history", h.query("SELECT * FROM " + warehouse.engineTable("record_history") + " ORDER BY run_id, identifier"),
                "runs", h.query("SELECT * FROM " + warehouse.engineTable("runs") + " ORDER BY run_id"),
                "locks", h.query("SELECT * FROM " + warehouse.engineTable("run_locks") + " ORDER BY sync_id"),
                "tables", h.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'sluice' ORDER BY table_name"));
    }

    @Test
    void countsAndSampleAreWhatTheNextRunDoesAndNothingChanges() {
        changeTheSourceAfterAFirstRun();
        Map<String, List<Map<String, Object>>> before = engineTables();

        PreviewResult preview = Preview.preview(MIRROR, warehouse, 50).await().atMost(Duration.ofSeconds(30));

        assertThat(engineTables()).isEqualTo(before);
        assertThat(app.received).isEmpty();
        assertThat(preview.counts()).containsExactlyInAnyOrderEntriesOf(Map.of(Action.CREATE, 2L, Action.UPDATE, 1L, Action.DELETE, 1L));
        assertThat(preview.kinds()).containsExactlyInAnyOrderEntriesOf(Map.of(StageKind.SEND, 4L, StageKind.DUPLICATE, 1L));
        assertThat(preview.applyReasons()).containsEntry(ApplyReason.PREVIOUSLY_FAILED, 1L).containsEntry(ApplyReason.CHANGE_CRITERIA_MET, 4L);
        assertThat(preview.staged()).isEqualTo(5);
        assertThat(preview.globalError()).isNull();
        assertThat(preview.sample()).extracting(PreviewResult.Sample::identifier).containsExactly("11", "12", "2", "3", "4");
        PreviewResult.Sample changed = sample(preview, "2");
        assertThat(changed.action()).isEqualTo(Action.UPDATE);
        assertThat(changed.payload().get("email").asText()).isEqualTo("changed@example.com");
        PreviewResult.Sample gone = sample(preview, "3");
        assertThat(gone.action()).isEqualTo(Action.DELETE);
        assertThat(gone.payload().get("email").asText()).isEqualTo("p3@example.com");
        assertThat(sample(preview, "4").applyReason()).isEqualTo(ApplyReason.PREVIOUSLY_FAILED);

        Run run = h.run(MIRROR, app);
        assertThat(run.counts().byAction()).isEqualTo(preview.counts());
        assertThat(run.recordsStaged()).isEqualTo(preview.staged());
        assertThat(app.received(Action.UPDATE)).containsExactly("2");
        assertThat(app.received(Action.DELETE)).containsExactly("3");
    }

    @Test
    void theSampleIsBoundedAndZeroGivesCountsOnly() {
        PreviewResult first = Preview.preview(MIRROR, warehouse, 3).await().atMost(Duration.ofSeconds(30));
        assertThat(first.counts()).containsExactlyEntriesOf(Map.of(Action.CREATE, 10L));
        assertThat(first.sample()).hasSize(3);
        assertThat(Preview.preview(MIRROR, warehouse, 0).await().atMost(Duration.ofSeconds(30)).sample()).isEmpty();
    }

    @Test
    void aTemplateSyncShowsTheRenderedPayload() {
        SyncDefinition template = EngineHarness.sync("""
                slug: people-hook
                source: {warehouse: w, table: people, id-column: id}
                target: {connection: app, object: Person}
                strategy: upsert
                template: |
                  {"to": "{{ row.email | upper }}", "greeting": "Hello {{ row.name }}"}
                """);
        PreviewResult preview = Preview.preview(template, warehouse, 1).await().atMost(Duration.ofSeconds(30));
        assertThat(preview.sample()).singleElement().satisfies(s -> {
            assertThat(s.identifier()).isEqualTo("1");
            assertThat(s.payload().get("to").asText()).isEqualTo("P1@EXAMPLE.COM");
            assertThat(s.payload().get("greeting").asText()).isEqualTo("Hello Person 1");
        });
    }

    @Test
    void nullIdentifiersAreReportedAsTheRunWouldFail() {
        h.sql("INSERT INTO people VALUES (NULL, 'x@example.com', 'X')");
        PreviewResult preview = Preview.preview(MIRROR, warehouse, 5).await().atMost(Duration.ofSeconds(30));
        assertThat(preview.globalError()).contains("NULL identifier", "'id'");
        assertThat(preview.kinds()).containsEntry(StageKind.NULL_ID, 1L);
    }

    @Test
    void aFailingStatementNamesTheMappingField() {
        SyncDefinition broken = EngineHarness.sync("""
                slug: people-broken
                source: {warehouse: w, table: people, id-column: id}
                target: {connection: app, object: Person}
                strategy: upsert
                mapping:
                  email: email
                  score: "CAST(name AS INTEGER)"
                """);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Preview.preview(broken, warehouse, 5).await().atMost(Duration.ofSeconds(30)))
                .isInstanceOf(PreviewFailedException.class).hasMessageContaining("mapping field 'score'");
        assertThat(h.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'sluice' AND table_name LIKE 'preview_%'"))
                .isEmpty();
    }

    @Test
    void aPreviewDuringARunDoesNotDisturbIt() {
        CountDownLatch release = app.holdCalls();
        io.smallrye.mutiny.Uni<Run> running = h.start(MIRROR, app).execute().memoize().indefinitely();
        running.subscribe().with(r -> {
        }, e -> {
        });
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !app.batchSizes.isEmpty() || !app.received.isEmpty()
                || h.query("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'stage_%'").size() > 0);
        PreviewResult preview = Preview.preview(MIRROR, warehouse, 0).await().atMost(Duration.ofSeconds(30));
        assertThat(preview.counts()).containsEntry(Action.CREATE, 10L);
        release.countDown();
        Run run = running.await().atMost(Duration.ofSeconds(60));
        assertThat(run.state()).isEqualTo(RunState.COMPLETED);
        assertThat(run.counts().byAction()).isEqualTo(preview.counts());
    }

    /** A failed UPDATE whose row went back to what was last applied: the run resolves it without a call (NOT_REQUIRED). */
    @Test
    void aFailedRecordThatNoLongerNeedsACallIsReportedAsTheRunResolvesIt() {
        SyncDefinition upsert = EngineHarness.sync("""
                slug: people-upsert
                source: {warehouse: w, table: people, id-column: id}
                target: {connection: app, object: Person}
                strategy: upsert
                mapping:
                  email: email
                """);
        h.sql("DELETE FROM people WHERE id > 1");
        h.run(upsert, app);
        h.sql("UPDATE people SET email = 'changed@example.com' WHERE id = 1");
        app.reject.add("1");
        h.run(upsert, app);
        app.reject.clear();
        h.sql("UPDATE people SET email = 'p1@example.com' WHERE id = 1");

        PreviewResult preview = Preview.preview(upsert, warehouse, 5).await().atMost(Duration.ofSeconds(30));

        assertThat(preview.kinds()).containsExactlyEntriesOf(Map.of(StageKind.RESOLVE, 1L));
        assertThat(preview.applyReasons()).containsExactlyEntriesOf(Map.of(ApplyReason.PREVIOUSLY_FAILED, 1L));
        assertThat(preview.sample()).singleElement().satisfies(s -> {
            assertThat(s.identifier()).isEqualTo("1");
            assertThat(s.kind()).isEqualTo(StageKind.RESOLVE);
            assertThat(s.action()).isNull();
            assertThat(s.payload()).isNull();
        });
        assertTheRunAgrees(upsert, preview);
    }

    /** A mirror record that never succeeded and left the source: the run drops it from state without a call. */
    @Test
    void aNeverAppliedRecordThatLeftTheSourceIsReportedAsTheRunDropsIt() {
        app.reject.add("4");
        h.run(MIRROR, app);
        app.reject.clear();
        h.sql("DELETE FROM people WHERE id = 4");

        PreviewResult preview = Preview.preview(MIRROR, warehouse, 5).await().atMost(Duration.ofSeconds(30));

        assertThat(preview.kinds()).containsExactlyEntriesOf(Map.of(StageKind.DROP, 1L));
        assertThat(preview.counts()).isEmpty();
        assertThat(preview.sample()).singleElement().satisfies(s -> {
            assertThat(s.identifier()).isEqualTo("4");
            assertThat(s.kind()).isEqualTo(StageKind.DROP);
            assertThat(s.payload()).isNull();
        });
        assertTheRunAgrees(MIRROR, preview);
    }

    private void assertTheRunAgrees(SyncDefinition sync, PreviewResult preview) {
        app.clearReceived();
        Run run = h.run(sync, app);
        assertThat(run.state()).isEqualTo(RunState.COMPLETED);
        assertThat(app.received).isEmpty();
        assertThat(run.recordsStaged()).isEqualTo(preview.staged());
        assertThat(run.counts().byAction()).isEqualTo(preview.counts());
        assertThat(run.counts().byState()).containsExactlyEntriesOf(Map.of(io.sluice.state.ApplyState.NOT_REQUIRED, preview.staged()));
    }

    private static PreviewResult.Sample sample(PreviewResult p, String id) {
        return p.sample().stream().filter(s -> id.equals(s.identifier())).findFirst().orElseThrow();
    }
}
