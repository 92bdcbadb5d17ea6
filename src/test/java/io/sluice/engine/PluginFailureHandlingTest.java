package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.plugin.Action;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppUnavailableException;
import io.sluice.plugin.BatchRejectedException;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RateLimitDeadlineException;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.RetryableException;
import io.sluice.plugin.SendBatch;
import io.sluice.state.ApplyState;
import io.sluice.state.Health;
import io.sluice.state.Run;
import io.sluice.state.RunState;
import io.sluice.sync.SyncDefinition;
import io.sluice.testing.LogCapture;
import io.sluice.testing.MemoryApp;
import io.sluice.testing.MutableClock;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the engine does with a plugin's failures: split rejected batches, delay on rate-limit deadlines, stop on a dead app,
 * send transient failures again within the run, fail the run on a plugin bug.
 */
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

    @Test
    void aRecordThatFailsTransientlyOnceIsSentAgainWithinTheRunAndSucceeds() {
        app.transientFor.put("5", 1);
        Run r = h.run(SYNC, app);
        assertThat(r.state()).isEqualTo(RunState.COMPLETED);
        assertThat(r.counts().count(ApplyState.SUCCESS)).isEqualTo(16);
        assertThat(h.applyState("items", "5")).isEqualTo(ApplyState.SUCCESS);
        // sent twice (the retry carries only the transient record); the others once
        assertThat(app.received.stream().filter(o -> o.identifier().equals("5"))).hasSize(2);
        assertThat(app.received).hasSize(17);
        assertThat(app.batchSizes).containsExactlyInAnyOrder(8, 8, 1);
    }

    @Test
    void aRecordThatStaysTransientIsADestinationFailureAfterTheRetriesAndIsSentAgainNextRun() {
        app.transientFor.put("5", Integer.MAX_VALUE);
        Run r = h.run(SYNC, app);
        assertThat(r.state()).isEqualTo(RunState.COMPLETED);
        assertThat(r.counts().count(ApplyState.SUCCESS)).isEqualTo(15);
        assertThat(h.applyState("items", "5")).isEqualTo(ApplyState.DESTINATION_FAILURE);
        assertThat((String) h.stateOf("items", "5").orElseThrow().get("last_result")).contains("HTTP 503 from the app");
        // the first send and the 2 retries the harness configures
        assertThat(app.received.stream().filter(o -> o.identifier().equals("5"))).hasSize(3);

        app.transientFor.clear();
        app.received.clear();
        Run next = h.run(SYNC, app);
        assertThat(app.received).extracting(OutboundRecord::identifier).containsExactly("5");
        assertThat(next.counts().count(ApplyState.SUCCESS)).isEqualTo(1);
        assertThat(h.applyState("items", "5")).isEqualTo(ApplyState.SUCCESS);
    }

    @Test
    void aTransientRecordIsNotSentAgainOnceTheTimeLimitHasPassed() {
        SyncDefinition limited = EngineHarness.sync("""
                slug: items
                source: {warehouse: w, table: items, id-column: id}
                target: {connection: app}
                strategy: upsert
                time-limit: 10m
                tuning: {concurrency: 1, batch-size: 16}
                mapping: {v: v}
                """);
        app.maxBatch = 16; // one call for all 16 records
        app.transientFor.put("5", Integer.MAX_VALUE);
        // the call takes the run past its time limit: no retry may start after it
        app.beforeAnswer = batch -> {
            if (calls.incrementAndGet() == 1) {
                ((MutableClock) h.clock).advance(Duration.ofMinutes(11));
            }
        };
        Run r = h.run(limited, app);
        assertThat(r.state()).isEqualTo(RunState.DELAYED);
        assertThat(app.received.stream().filter(o -> o.identifier().equals("5"))).hasSize(1);
        assertThat(h.applyState("items", "5")).isEqualTo(ApplyState.DESTINATION_FAILURE);
        assertThat(r.counts().count(ApplyState.SUCCESS)).isEqualTo(15);
    }

    /** All 16 records in one call, so that what one call settles is known. */
    private static final SyncDefinition ONE_CALL = EngineHarness.sync("""
            slug: items
            source: {warehouse: w, table: items, id-column: id}
            target: {connection: app}
            strategy: upsert
            tuning: {concurrency: 1, batch-size: 16}
            mapping: {v: v}
            """);

    @Test
    void aStopDuringTheWaitBeforeAResendLeavesTheTransientRecordsTheirAnswerNotDelayed() {
        EngineHarness slow = new EngineHarness(warehouse, h.clock,
                EngineHarness.config(100, 50, 16, 1, Duration.ofSeconds(30), Duration.ofSeconds(3)));
        app.maxBatch = 16;
        app.transientFor.put("5", Integer.MAX_VALUE);
        RunPipeline pipeline = slow.start(ONE_CALL, app);
        // cancelled while the dispatcher waits to send record 5 again: the record was sent and answered transiently
        Thread canceller = new Thread(() -> {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> app.received.stream().anyMatch(o -> o.identifier().equals("5")));
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pipeline.control().cancel();
        });
        canceller.start();
        Run r = pipeline.execute().await().atMost(Duration.ofSeconds(60));

        assertThat(r.state()).isEqualTo(RunState.DELAYED);
        assertThat(app.received.stream().filter(o -> o.identifier().equals("5"))).hasSize(1);
        assertThat(h.applyState("items", "5")).isEqualTo(ApplyState.DESTINATION_FAILURE);
        assertThat((String) h.stateOf("items", "5").orElseThrow().get("last_result")).contains("HTTP 503 from the app");
        assertThat(r.counts().count(ApplyState.SUCCESS)).isEqualTo(15);
        assertThat(r.counts().count(ApplyState.DELAYED)).isZero();
    }

    @Test
    void anAppThatGoesDownOnAResendFailsTheRunAfterCommittingWhatItAlreadyAccepted() {
        app.maxBatch = 16;
        app.transientFor.put("5", 1);
        app.beforeAnswer = batch -> {
            if (calls.incrementAndGet() == 2) {
                throw new AppUnavailableException("connection 'app': the app looks down (5 consecutive failed calls)", null);
            }
        };
        Run r = h.run(ONE_CALL, app);

        assertThat(r.state()).isEqualTo(RunState.FAILED);
        assertThat(r.globalError()).contains("the app looks down");
        // the 15 records the app accepted on the first call are committed, so none is sent again as a duplicate
        assertThat(h.query("SELECT identifier FROM " + warehouse.engineTable("record_state") + " WHERE apply_state = 'SUCCESS'")).hasSize(15);
        assertThat(h.applyState("items", "5")).isEqualTo(ApplyState.DESTINATION_FAILURE);

        app.beforeAnswer = batch -> {
        };
        app.received.clear();
        h.run(ONE_CALL, app);
        assertThat(app.received).extracting(OutboundRecord::identifier).containsExactly("5");
    }

    @Test
    void aWholeBatchFailingWithRetryableExceptionIsSentAgainWithinTheRun() {
        app.beforeAnswer = batch -> {
            if (calls.incrementAndGet() == 1) {
                throw new RetryableException("HTTP 503 for a batch of 8 records");
            }
        };
        Run r = h.run(SYNC, app);
        assertThat(r.state()).isEqualTo(RunState.COMPLETED);
        assertThat(r.counts().count(ApplyState.SUCCESS)).isEqualTo(16);
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void aPluginBugFailsTheRunNamingTheConnectionAndLogsItsStackOnceAndMarksNothingOfTheBatch() {
        try (LogCapture logs = LogCapture.on("io.sluice")) {
            app.beforeAnswer = batch -> {
                if (calls.incrementAndGet() == 2) {
                    String missing = null;
                    missing.length(); // a bug in the plugin: thrown from send's Uni
                }
            };
            Run r = h.run(SYNC, app);

            List<ExtLogRecord> errors = logs.records().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertThat(r.state()).isEqualTo(RunState.FAILED);
            assertThat(r.globalError()).startsWith("plugin of connection 'app' failed unexpectedly: NullPointerException: ");
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getThrown()).isInstanceOf(NullPointerException.class);
            assertThat(errors.get(0).getFormattedMessage()).contains(r.id(), "items", "plugin of connection 'app' failed unexpectedly");
            assertThat(errors.get(0).getMdc(RunMdc.RUN)).isEqualTo(r.id());
            // the second batch's records are not marked at all: no failure recorded, the next run sends them
            assertThat(h.query("SELECT * FROM " + warehouse.engineTable("record_state") + " WHERE apply_state <> 'SUCCESS'")).isEmpty();
            assertThat(r.counts().count(ApplyState.DESTINATION_FAILURE)).isZero();
        }
        app.beforeAnswer = batch -> {
        };
        h.run(SYNC, app);
        assertThat(h.query("SELECT * FROM " + warehouse.engineTable("record_state") + " WHERE apply_state = 'SUCCESS'")).hasSize(16);
    }

    @Test
    void aPluginThatThrowsFromSendRatherThanFailingItsUniIsTreatedTheSame() {
        AppConnection throwing = new AppConnection() {
            @Override
            public int maxBatchSize() {
                return 8;
            }

            @Override
            public Uni<List<RecordOutcome>> send(SendBatch batch) {
                throw new IllegalStateException("client not initialised");
            }
        };
        Run r = h.run(SYNC, throwing);
        assertThat(r.state()).isEqualTo(RunState.FAILED);
        assertThat(r.globalError()).isEqualTo("plugin of connection 'app' failed unexpectedly: IllegalStateException: client not initialised");
        assertThat(h.query("SELECT * FROM " + warehouse.engineTable("record_state"))).isEmpty();
    }
}
