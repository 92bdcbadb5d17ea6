package io.sluice.engine;

import io.sluice.testing.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.state.ApplyState;
import io.sluice.state.Run;
import io.sluice.state.RunState;
import io.sluice.sync.SyncDefinition;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An active run logs its progress every {@code progress-log-interval}, and its progress carries a rate and an ETA. */
class RunProgressLogTest {
    private static final SyncDefinition SYNC = EngineHarness.sync("""
            slug: logged
            source: {warehouse: w, table: items, id-column: id}
            target: {connection: app}
            strategy: upsert
            mapping: {v: v}
            """);

    private Warehouse warehouse;
    private LogCapture logs;

    @BeforeEach
    void setUp() {
        warehouse = WarehouseFactory.open("w", "jdbc:duckdb:", Optional.empty(), Optional.empty(), Map.of(), "sluice", 2);
        logs = LogCapture.on("io.sluice");
    }

    @AfterEach
    void tearDown() {
        logs.close();
        warehouse.close();
    }

    @Test
    void anActiveRunLogsSentCommittedFailedRateAndEta() {
        EngineHarness h = new EngineHarness(warehouse, Clock.systemUTC(), EngineHarness.config(500, 200, 100, 2, Duration.ofMillis(100)));
        h.sql("CREATE TABLE items AS SELECT i AS id, 'v' || i AS v FROM range(1, 3001) t(i)");
        RunPipeline pipeline = h.start(SYNC, new BackpressureTest.SlowApp());
        CompletableFuture<Run> done = pipeline.execute().subscribeAsCompletionStage();
        Pattern line = Pattern.compile("run " + pipeline.run().id() + " of sync 'logged': sent \\d+, committed [1-9]\\d*, failed 0, "
                + "\\d+\\.\\d rec/s, ETA \\S+ \\(\\S+Z\\); SENDING, \\d+ of 3000 staged record\\(s\\) remaining");

        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> logs.messages().stream().anyMatch(l -> line.matcher(l).matches()));
        RunProgress.Snapshot p = pipeline.progress().snapshot(Instant.now());
        assertThat(p.phase()).isIn(RunProgress.Phase.SENDING, RunProgress.Phase.COMMITTING, RunProgress.Phase.FINISHING);
        assertThat(p.ratePerSecond()).isPositive();
        assertThat(p.eta()).isNotNull();

        assertThat(done.join().state()).isEqualTo(RunState.COMPLETED);
    }

    /**
     * Records the app rejects are counted as failed so far while the run is active, in the progress and its log line,
     * and the count ends equal to the run's own count of failures.
     */
    @Test
    void recordsThatFailAreCountedAsFailedSoFar() {
        EngineHarness h = new EngineHarness(warehouse, Clock.systemUTC(), EngineHarness.config(500, 200, 100, 2, Duration.ofMillis(100)));
        h.sql("CREATE TABLE items AS SELECT i AS id, 'v' || i AS v FROM range(1, 3001) t(i)");
        RunPipeline pipeline = h.start(SYNC, new EveryTenthRejected());
        CompletableFuture<Run> done = pipeline.execute().subscribeAsCompletionStage();
        Pattern line = Pattern.compile("run " + pipeline.run().id() + " of sync 'logged': sent \\d+, committed [1-9]\\d*, failed [1-9]\\d*, .*");

        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> logs.messages().stream().anyMatch(l -> line.matcher(l).matches()));
        RunProgress.Snapshot during = pipeline.progress().snapshot(Instant.now());
        assertThat(during.failed()).isPositive().isLessThanOrEqualTo(during.committed()).isLessThanOrEqualTo(300);

        Run run = done.join();
        assertThat(run.state()).isEqualTo(RunState.COMPLETED);
        assertThat(pipeline.progress().failed()).isEqualTo(300).isEqualTo(run.counts().byState().get(ApplyState.DESTINATION_FAILURE));
    }

    /** Answers after 200 ms, rejecting every record whose id is a multiple of ten. */
    static final class EveryTenthRejected implements AppConnection {
        @Override
        public int maxBatchSize() {
            return 100;
        }

        @Override
        public Uni<List<RecordOutcome>> send(SendBatch batch) {
            return Uni.createFrom().item(() -> batch.records().stream()
                            .map(r -> Long.parseLong(r.identifier()) % 10 == 0 ? RecordOutcome.rejected(r.identifier(), "no")
                                    : RecordOutcome.success(r.identifier(), null, "app-" + r.identifier())).toList())
                    .onItem().delayIt().by(Duration.ofMillis(200));
        }
    }
}
