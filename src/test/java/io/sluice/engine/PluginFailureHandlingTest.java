package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.plugin.Action;
import io.sluice.plugin.AppUnavailableException;
import io.sluice.plugin.BatchRejectedException;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.support.RateLimitDeadlineException;
import io.sluice.state.ApplyState;
import io.sluice.state.Health;
import io.sluice.state.Run;
import io.sluice.state.RunState;
import io.sluice.sync.SyncDefinition;
import io.sluice.testing.MemoryApp;
import io.sluice.testing.MutableClock;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the engine does with a plugin's failures: split rejected batches, delay on rate-limit deadlines, stop on a dead app. */
class PluginFailureHandlingTest {
    private Warehouse warehouse;
    private EngineHarness h;
    private MemoryApp app;
    private final AtomicInteger calls = new AtomicInteger();

    private static final SyncDefinition SYNC = EngineHarness.sync("""
            slug: items
            source: {warehouse: w, table: items, id-column: id}
            target: {connection: app}
            strategy: upsert
            tuning: {concurrency: 1}
            mapping: {v: v}
            """);

    @BeforeEach
    void setUp() {
        warehouse = WarehouseFactory.open("w", "jdbc:duckdb:", Optional.empty(), Optional.empty(), Map.of(), "sluice", 2);
        h = new EngineHarness(warehouse, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), EngineHarness.config(100, 50, 8, 1));
        h.sql("CREATE TABLE items AS SELECT i AS id, 'v' || i AS v FROM range(1, 17) t(i)");
        app = new MemoryApp();
        app.maxBatch = 8;
    }

    @AfterEach
    void tearDown() {
        warehouse.close();
    }

    @Test
    void aRejectedBatchIsSplitUntilTheBadRecordIsIsolated() {
        app.beforeAnswer = batch -> {
            calls.incrementAndGet();
            if (batch.records().stream().anyMatch(r -> r.identifier().equals("5"))) {
                throw new BatchRejectedException("HTTP 400: record 5 has an invalid v");
            }
        };
        Run r = h.run(SYNC, app);
        assertThat(app.received(Action.CREATE)).hasSize(15).doesNotContain("5");
        assertThat(h.applyState("items", "5")).isEqualTo(ApplyState.DESTINATION_FAILURE);
        assertThat((String) h.stateOf("items", "5").orElseThrow().get("last_result")).contains("record 5 has an invalid v");
        assertThat(r.health()).isEqualTo(Health.INCOMPLETE);
        // 2 batches of 8; the bad one is halved 8 -> 4 -> 2 -> 1: 2 + 2 + 2 + 2 calls
        assertThat(calls.get()).isEqualTo(8);
    }

    @Test
    void aRateLimitWaitPastTheDeadlineDelaysTheRestOfTheRun() {
        app.beforeAnswer = batch -> {
            if (calls.incrementAndGet() == 2) {
                throw new RateLimitDeadlineException("writes", Instant.parse("2026-01-01T05:00:00Z"), Instant.parse("2026-01-01T04:00:00Z"));
            }
        };
        Run r = h.run(SYNC, app);
        assertThat(r.state()).isEqualTo(RunState.DELAYED);
        assertThat(r.health()).isEqualTo(Health.DELAYED);
        assertThat(r.globalError()).contains("rate-limit wait would pass the time limit");
        assertThat(r.counts().count(ApplyState.SUCCESS)).isEqualTo(8);
        assertThat(r.counts().count(ApplyState.DELAYED)).isEqualTo(8);

        app.beforeAnswer = batch -> {
        };
        Run next = h.run(SYNC, app);
        assertThat(next.counts().count(ApplyState.SUCCESS)).isEqualTo(8);
        assertThat(next.health()).isEqualTo(Health.HEALTHY);
    }

    @Test
    void aDeadAppFailsTheRunWithAClearErrorAndMarksNothingOfThatBatchSent() {
        app.beforeAnswer = batch -> {
            if (calls.incrementAndGet() == 2) {
                throw new AppUnavailableException("connection 'app': the app looks down (5 consecutive failed calls)", null);
            }
        };
        Run r = h.run(SYNC, app);
        assertThat(r.state()).isEqualTo(RunState.FAILED);
        assertThat(r.globalError()).contains("the app looks down");
        List<String> answered = app.received.stream().map(OutboundRecord::identifier).toList();
        List<String> succeeded = h.query("SELECT identifier FROM " + warehouse.engineTable("record_state") + " WHERE apply_state = 'SUCCESS'")
                .stream().map(row -> (String) row.get("identifier")).toList();
        assertThat(answered).containsAll(succeeded);
        assertThat(h.query("SELECT * FROM " + warehouse.engineTable("record_state") + " WHERE apply_state <> 'SUCCESS'")).isEmpty();

        app.beforeAnswer = batch -> {
        };
        h.run(SYNC, app);
        assertThat(h.query("SELECT * FROM " + warehouse.engineTable("record_state") + " WHERE apply_state = 'SUCCESS'")).hasSize(16);
    }

    @Test
    void aRunThatFailsWhileAWindowCommitsEndsAfterThatCommitAndCountsWhatItCommitted() {
        h.sql("CREATE OR REPLACE TABLE items AS SELECT i AS id, 'v' || i AS v FROM range(1, 2001) t(i)");
        // windows of 50 commit while the next ones fill; the app dies at the 150th batch of 8
        app.beforeAnswer = batch -> {
            if (calls.incrementAndGet() == 150) {
                throw new AppUnavailableException("connection 'app': the app looks down", null);
            }
        };
        Run r = h.run(SYNC, app);

        assertThat(r.state()).isEqualTo(RunState.FAILED);
        long committed = h.query("SELECT * FROM " + warehouse.engineTable("record_state") + " WHERE apply_state = 'SUCCESS'").size();
        assertThat(committed).isPositive().isEqualTo(r.counts().count(ApplyState.SUCCESS));
        assertThat(h.query("SELECT COUNT(*) AS n FROM " + warehouse.engineTable("record_history")).get(0).get("n")).isEqualTo(committed);
        // the run's work tables are gone: nothing was left committing under the run's end
        assertThat(h.query("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'stage_%' OR table_name LIKE 'outcome_%'"))
                .isEmpty();
    }
}
