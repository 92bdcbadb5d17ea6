package io.sluice.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.plugin.AppConnection;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.state.ApplyState;
import io.sluice.state.Run;
import io.sluice.state.RunState;
import io.sluice.sync.SyncDefinition;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import io.smallrye.mutiny.Uni;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A million staged records and an app that takes 200 ms per call: the stage is read only as fast as the app
 * absorbs records, and the heap stays under a fixed bound however large the stage is.
 */
class BackpressureTest {
    private static final int ROWS = 1_000_000;
    /** Growth of the heap (after GC) over its size before the run: the run may hold this much, whatever the stage size. */
    private static final long HEAP_GROWTH_BOUND = 128L * 1024 * 1024;

    /** Answers every batch after 200 ms, without blocking a thread. */
    static final class SlowApp implements AppConnection {
        final AtomicLong calls = new AtomicLong();

        @Override
        public int maxBatchSize() {
            return 100;
        }

        @Override
        public Uni<List<RecordOutcome>> send(SendBatch batch) {
            calls.incrementAndGet();
            return Uni.createFrom().item(() -> batch.records().stream()
                            .map(r -> RecordOutcome.success(r.identifier(), null, "app-" + r.identifier())).toList())
                    .onItem().delayIt().by(Duration.ofMillis(200));
        }
    }

    @Test
    void aSlowAppThrottlesReadingAndMemoryStaysBounded() {
        Warehouse w = WarehouseFactory.open("w", "jdbc:duckdb:", Optional.empty(), Optional.empty(), Map.of(), "sluice", 4);
        try {
            EngineHarness h = new EngineHarness(w, Clock.systemUTC(), EngineHarness.config(1000, 1000, 100, 4));
            h.sql("CREATE TABLE big AS SELECT i AS id, 'user' || i || '@example.com' AS email, repeat('x', 200) AS padding "
                    + "FROM range(1, " + (ROWS + 1) + ") t(i)");
            SyncDefinition sync = EngineHarness.sync("""
                    slug: big
                    source: {warehouse: w, table: big, id-column: id}
                    target: {connection: app}
                    strategy: upsert
                    mapping: {email: email, padding: padding}
                    """);
            long baseline = heapAfterGc();
            SlowApp app = new SlowApp();
            RunPipeline pipeline = h.start(sync, app);
            var done = pipeline.execute().subscribeAsCompletionStage();

            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> pipeline.progress().staged() == ROWS && app.calls.get() >= 20);
            long peakHeap = 0;
            long maxAhead = 0;
            for (int i = 0; i < 6; i++) {
                sleep(500);
                peakHeap = Math.max(peakHeap, heapAfterGc() - baseline);
                maxAhead = Math.max(maxAhead, pipeline.progress().read() - pipeline.progress().sent());
            }
            // in flight: 4 calls of 100, the batch being filled, one page being read and one page ahead of it
            assertThat(maxAhead).isLessThanOrEqualTo(4 * 100 + 100 + 2 * 1000);
            assertThat(pipeline.progress().read()).isLessThan(ROWS / 10);
            assertThat(peakHeap).isLessThan(HEAP_GROWTH_BOUND);
            System.out.printf("backpressure: %,d staged, %,d read, %,d sent after ~3 s; peak heap growth after GC %,d MiB%n",
                    pipeline.progress().staged(), pipeline.progress().read(), pipeline.progress().sent(), peakHeap / (1024 * 1024));

            // stopping delays the rest: every one of the million records still gets its outcome, in bounded memory
            long cancelledAt = System.nanoTime();
            pipeline.control().cancel();
            Run run = done.toCompletableFuture().join();
            System.out.printf("backpressure: cancel settled %,d DELAYED record(s) in %,d ms%n", run.counts().count(ApplyState.DELAYED),
                    (System.nanoTime() - cancelledAt) / 1_000_000);
            assertThat(run.state()).isEqualTo(RunState.DELAYED);
            assertThat(run.counts().count(ApplyState.SUCCESS) + run.counts().count(ApplyState.DELAYED)).isEqualTo(ROWS);
            assertThat(heapAfterGc() - baseline).isLessThan(HEAP_GROWTH_BOUND);
        } finally {
            w.close();
        }
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
