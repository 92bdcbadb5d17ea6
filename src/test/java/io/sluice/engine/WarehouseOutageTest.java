package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.state.ApplyState;
import io.sluice.state.Run;
import io.sluice.state.RunState;
import io.sluice.sync.SyncDefinition;
import io.sluice.testing.MemoryApp;
import io.sluice.testing.PostgresServer;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL warehouse stops (as in a crash) in the middle of a run and comes back: the run stops sending at
 * the first failed commit, ends FAILED with the warehouse's error once the warehouse answers again, and releases
 * its lock, instead of staying RUNNING until a stale-lock takeover calls it abandoned.
 */
class WarehouseOutageTest {
    private static final int ROWS = 3000;
    private static final int CONCURRENCY = 4;
    private static final SyncDefinition SYNC = EngineHarness.sync("""
            slug: outage
            source: {warehouse: w, table: people, id-column: id}
            target: {connection: app}
            strategy: upsert
            mapping: {v: v}
            """);

    @Test
    void aRunWhoseWarehouseGoesAwayEndsFailedWithTheWarehouseErrorAndReleasesItsLock() {
        PostgresServer server = PostgresServer.get();
        PostgresServer.createDatabase("outage");
        Warehouse w = WarehouseFactory.open("w", PostgresServer.jdbcUrl("outage"), Optional.of(PostgresServer.USER), Optional.empty(),
                Map.of(), "sluice", 4);
        boolean stopped = false;
        try {
            // one page holds every staged record, so the only warehouse work while sending is committing windows
            EngineHarness h = new EngineHarness(w, Clock.systemUTC(), EngineHarness.config(ROWS + 1000, 100, 10, CONCURRENCY));
            h.sql("CREATE TABLE people AS SELECT i AS id, 'v' || i AS v FROM generate_series(1, " + ROWS + ") AS t(i)");
            BackpressureTest.SlowApp app = new BackpressureTest.SlowApp();
            AtomicLong calls = app.calls;
            AtomicLong callsAtFailedCommit = new AtomicLong(-1);
            AtomicInteger failedCommits = new AtomicInteger();
            RunListener watchCommits = new RunListener() {
                @Override
                public PhaseEnd phaseStarted(RunRef run, RunPhase phase) {
                    return failure -> {
                        if (phase == RunPhase.COMMIT && failure != null && failedCommits.getAndIncrement() == 0) {
                            callsAtFailedCommit.set(calls.get());
                        }
                    };
                }
            };
            RunPipeline pipeline = h.start(SYNC, app, watchCommits);
            CompletableFuture<Run> done = pipeline.execute().subscribeAsCompletionStage();

            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> pipeline.progress().committed() >= 300);
            server.stopImmediately();
            stopped = true;
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> failedCommits.get() > 0);
            // the run cannot record its end while the warehouse is down: it waits for it
            assertThat(done).isNotDone();
            server.startAgain();
            stopped = false;

            Run run = done.join();
            assertThat(run.state()).isEqualTo(RunState.FAILED);
            assertThat(run.globalError()).contains("warehouse 'w'").contains("committing").doesNotContain("abandoned");
            assertThat(h.runs.find(run.id()).orElseThrow().state()).isEqualTo(RunState.FAILED);
            // Sending stopped at the first failed commit. A call counts when it reaches the app; calls that had passed the
            // run's stop check before the failure was seen may still arrive, and at most CONCURRENCY calls are ever under
            // way at once, so no more than that may follow the failure.
            assertThat(calls.get() - callsAtFailedCommit.get()).isBetween(0L, (long) CONCURRENCY);
            assertThat(calls.get()).isLessThan(ROWS / 10);

            // the lock is released: the next run starts, and sends again what was not committed (the test server runs
            // with synchronous_commit=off, so a crash may also lose the last commits it acknowledged: at-least-once)
            Run next = h.run(SYNC, new MemoryApp());
            assertThat(next.state()).isEqualTo(RunState.COMPLETED);
            assertThat(next.recordsStaged()).isGreaterThanOrEqualTo(ROWS - pipeline.progress().committed());
            assertThat(h.state.countsByApplyState("outage")).isEqualTo(Map.of(ApplyState.SUCCESS, (long) ROWS));
        } finally {
            if (stopped) {
                server.startAgain();
            }
            w.close();
        }
    }
}
