package io.sluice.engine;

import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;
import org.jboss.logging.MDC;

/**
 * The logging context of one run: MDC keys {@value #SYNC} and {@value #RUN}. Mutiny hops between warehouse
 * workers and event loops, so the keys are set where the run's work runs and the previous values restored
 * after; {@link io.sluice.warehouse.Warehouse#call} carries them on to its worker threads.
 */
final class RunMdc {
    static final String SYNC = "sync";
    static final String RUN = "run";

    private final String sync;
    private final String run;

    RunMdc(String sync, String run) {
        this.sync = sync;
        this.run = run;
    }

    /** Runs {@code work} with this run's keys set, restoring what was there. */
    <T> T supply(Supplier<T> work) {
        Object prevSync = MDC.get(SYNC);
        Object prevRun = MDC.get(RUN);
        if (sync.equals(prevSync) && run.equals(prevRun)) {
            // already this run's context (most callbacks of a run): set nothing, restore only what work changed
            try {
                return work.get();
            } finally {
                if (!sync.equals(MDC.get(SYNC)) || !run.equals(MDC.get(RUN))) {
                    MDC.put(SYNC, sync);
                    MDC.put(RUN, run);
                }
            }
        }
        MDC.put(SYNC, sync);
        MDC.put(RUN, run);
        try {
            return work.get();
        } finally {
            restore(SYNC, prevSync);
            restore(RUN, prevRun);
        }
    }

    void run(Runnable work) {
        supply(() -> {
            work.run();
            return null;
        });
    }

    /**
     * The same {@link Uni}, subscribed with this run's keys set and delivering its item or failure with them set,
     * so work assembled downstream (on whichever thread the item arrives) logs as part of the run.
     */
    <T> Uni<T> wrap(Uni<T> upstream) {
        return Uni.createFrom().emitter(emitter -> run(() -> {
            io.smallrye.mutiny.subscription.Cancellable subscription = upstream.subscribe().with(
                    item -> run(() -> emitter.complete(item)),
                    failure -> run(() -> emitter.fail(failure)));
            emitter.onTermination(subscription::cancel);
        }));
    }

    /** Runs {@code work} with no run's keys set (work for another run, started from this one), restoring what was there. */
    static void outside(Runnable work) {
        Object prevSync = MDC.get(SYNC);
        Object prevRun = MDC.get(RUN);
        MDC.remove(SYNC);
        MDC.remove(RUN);
        try {
            work.run();
        } finally {
            restore(SYNC, prevSync);
            restore(RUN, prevRun);
        }
    }

    private static void restore(String key, Object previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
