package io.sluice.engine;

import io.sluice.testing.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.state.Run;
import io.sluice.state.RunState;
import io.sluice.sync.SyncDefinition;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
}
