package io.sluice.testing;

import io.sluice.state.RunStore;
import io.sluice.state.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Replicas racing for one sync's run lock: each round, every store (one per replica, each with its own pool) tries to
 * start a run of the same sync at the same instant, released together by a barrier.
 */
public final class LockRace implements AutoCloseable {
    private final List<RunStore> replicas;
    private final Duration timeout;
    private final ExecutorService threads;

    /** @param timeout how long a round may take, for the barrier and for each start */
    public LockRace(List<RunStore> replicas, Duration timeout) {
        this.replicas = List.copyOf(replicas);
        this.timeout = timeout;
        this.threads = Executors.newFixedThreadPool(replicas.size());
    }

    /** One round: every replica starts run {@code <sync>-run-<i>} at {@code now}; the results in replica order. */
    public List<RunStore.StartResult> round(String sync, Instant now, Duration staleAfter) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(replicas.size());
        List<Future<RunStore.StartResult>> results = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            RunStore store = replicas.get(i);
            String runId = sync + "-run-" + i;
            results.add(threads.submit(() -> {
                barrier.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return store.start(sync, runId, Trigger.API, "replica", now, now.minus(staleAfter));
            }));
        }
        List<RunStore.StartResult> outcomes = new ArrayList<>();
        for (Future<RunStore.StartResult> f : results) {
            outcomes.add(f.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        }
        return outcomes;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
