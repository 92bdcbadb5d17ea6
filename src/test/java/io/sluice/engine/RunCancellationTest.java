package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.state.ApplyState;
import io.sluice.state.Run;
import io.sluice.state.RunState;
import io.sluice.sync.SyncDefinition;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a run against a slow app: the stage is read no further, the records never read become DELAYED in the
 * warehouse at once, the progress counters stay consistent at every poll, and a second cancel changes nothing.
 */
class RunCancellationTest {
    private static final int ROWS = 20_000;
    private static final int PAGE = 1000;
    private static final SyncDefinition SYNC = EngineHarness.sync("""
            slug: many
            source: {warehouse: w, table: many, id-column: id}
            target: {connection: app}
            strategy: upsert
            mapping: {v: v}
            """);

    private Warehouse warehouse;
    private EngineHarness h;

    @BeforeEach
    void setUp() {
        warehouse = WarehouseFactory.open("w", "jdbc:duckdb:", Optional.empty(), Optional.empty(), Map.of(), "sluice", 4);
        h = new EngineHarness(warehouse, Clock.systemUTC(), EngineHarness.config(PAGE, 1000, 100, 4));
        h.sql("CREATE TABLE many AS SELECT i AS id, 'v' || i AS v FROM range(1, " + (ROWS + 1) + ") t(i)");
    }

    @AfterEach
    void tearDown() {
        warehouse.close();
    }

    @Test
    void cancelDelaysTheUnreadRestInOneStepAndKeepsCountersConsistent() {
        BackpressureTest.SlowApp app = new BackpressureTest.SlowApp();
        RunPipeline pipeline = h.start(SYNC, app);
        RunProgress progress = pipeline.progress();
        CompletableFuture<Run> done = pipeline.execute().subscribeAsCompletionStage();
        Map<ApplyState, Long> lastCounts = new EnumMap<>(ApplyState.class);

        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20)).until(() -> {
            checkConsistent(progress, lastCounts);
            return progress.committed() >= 1000;
        });
        Instant firstRequest = Instant.parse("2026-01-01T10:00:00Z");
        assertThat(h.runs.requestCancel(pipeline.run().id(), firstRequest)).isTrue();
        pipeline.control().cancel();
        long readAtCancel = progress.read();

        // a second request answers the same and keeps the time of the first
        assertThat(h.runs.requestCancel(pipeline.run().id(), firstRequest.plusSeconds(5))).isTrue();
        assertThat(h.runs.find(pipeline.run().id()).orElseThrow().cancelRequestedAt()).isEqualTo(firstRequest);

        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20)).until(() -> {
            checkConsistent(progress, lastCounts);
            return done.isDone();
        });
        Run run = done.join();

        assertThat(run.state()).isEqualTo(RunState.DELAYED);
        // once stopped, at most the page already being read comes back; the old path read all 20,000 records
        assertThat(progress.read()).isLessThanOrEqualTo(readAtCancel + PAGE);
        assertThat(run.counts().count(ApplyState.SUCCESS) + run.counts().count(ApplyState.DELAYED)).isEqualTo(ROWS);
        assertThat(run.counts().count(ApplyState.DELAYED)).isGreaterThanOrEqualTo(ROWS - readAtCancel - PAGE);
        assertThat(run.counts().count(io.sluice.plugin.Action.CREATE)).isEqualTo(ROWS);
        assertThat(progress.committed()).isEqualTo(ROWS);
        assertThat(progress.sent() + progress.resolvedLocally()).isEqualTo(ROWS);
        assertThat(h.historyCount(run.id())).isEqualTo(ROWS);
        assertThat(h.state.countsByApplyState("many")).isEqualTo(Map.of(ApplyState.SUCCESS, run.counts().count(ApplyState.SUCCESS),
                ApplyState.DELAYED, run.counts().count(ApplyState.DELAYED)));
        assertThat(h.applyState("many", String.valueOf(ROWS))).isEqualTo(ApplyState.DELAYED);
        assertThat(h.history("many", String.valueOf(ROWS)).get(0).get("result").toString()).contains("not sent: cancelled");

        // the delayed records are sent by the next run
        Run next = h.run(SYNC, new io.sluice.testing.MemoryApp());
        assertThat(next.counts().count(ApplyState.SUCCESS)).isEqualTo(run.counts().count(ApplyState.DELAYED));
    }

    @Test
    void beforeStagingProgressNamesThePhaseInsteadOfNumbers() {
        RunPipeline pipeline = h.start(SYNC, new io.sluice.testing.MemoryApp());
        RunProgress.Snapshot before = pipeline.progress().snapshot(Instant.now());
        assertThat(before.phase()).isEqualTo(RunProgress.Phase.STAGING);
        assertThat(before.staged()).isNull();
        assertThat(before.remaining()).isNull();
        assertThat(before.ratePerSecond()).isNull();
        assertThat(before.eta()).isNull();
        pipeline.execute().await().atMost(h.runTimeout());
    }

    /** The counters as the API shows them, and the sync's record counts, at one poll. */
    private void checkConsistent(RunProgress progress, Map<ApplyState, Long> lastCounts) {
        RunProgress.Snapshot p = progress.snapshot(Instant.now());
        assertThat(p.committed()).isLessThanOrEqualTo(p.sent() + p.resolvedLocally());
        if (p.staged() != null) {
            assertThat(p.remaining()).isEqualTo(p.staged() - p.committed());
        }
        Map<ApplyState, Long> counts = h.state.countsByApplyState("many");
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(ROWS);
        // a first run only adds records: no state's count ever goes down
        lastCounts.forEach((state, before) -> assertThat(counts.getOrDefault(state, 0L)).as(state.name()).isGreaterThanOrEqualTo(before));
        lastCounts.putAll(counts);
    }
}
