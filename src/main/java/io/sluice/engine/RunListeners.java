package io.sluice.engine;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Every {@link RunListener} bean as one listener, each isolated from the others: one that throws or fails is
 * logged and the rest still hear the run.
 */
@ApplicationScoped
public class RunListeners {
    private final RunListener all;

    @Inject
    public RunListeners(@Any Instance<RunListener> beans) {
        this(beans.stream().toList());
    }

    public RunListeners(List<RunListener> listeners) {
        this.all = of(listeners);
    }

    /** The listeners as one. */
    public RunListener all() {
        return all;
    }

    /** The given listeners as one, each isolated from the others' failures. */
    public static RunListener of(List<RunListener> listeners) {
        return listeners.isEmpty() ? RunListener.NO_OP : new Composite(List.copyOf(listeners));
    }

    private record Composite(List<RunListener> listeners) implements RunListener {
        private static final Logger LOG = Logger.getLogger(RunListeners.class);

        @Override
        public void runStarted(RunRef run, Duration lockWait) {
            each(run, "runStarted", l -> l.runStarted(run, lockWait));
        }

        @Override
        public boolean wantsSyncHealth() {
            return listeners.stream().anyMatch(RunListener::wantsSyncHealth);
        }

        @Override
        public PhaseEnd phaseStarted(RunRef run, RunPhase phase) {
            List<PhaseEnd> ends = new ArrayList<>(listeners.size());
            each(run, "phaseStarted", l -> ends.add(l.phaseStarted(run, phase)));
            return failure -> ends.forEach(end -> safely(run, "phase end", () -> end.ended(failure)));
        }

        @Override
        public void staged(RunRef run, long records) {
            each(run, "staged", l -> l.staged(run, records));
        }

        @Override
        public void committed(RunRef run, Map<RecordTally, Long> tallies) {
            each(run, "committed", l -> l.committed(run, tallies));
        }

        @Override
        public Uni<Void> runEnded(RunEnded ended) {
            List<Uni<Void>> works = listeners.stream().map(l -> Uni.createFrom().deferred(() -> l.runEnded(ended))
                    // the class only: a message may quote a destination URL, whose path can be a secret (Slack's)
                    .onFailure().invoke(e -> LOG.warnf("run %s: listener %s failed at run end: %s", ended.ref().runId(),
                            l.getClass().getSimpleName(), e.getClass().getName()))
                    .onFailure().recoverWithNull()).toList();
            return Uni.join().all(works).andFailFast().replaceWithVoid();
        }

        private void each(RunRef run, String event, java.util.function.Consumer<RunListener> call) {
            for (RunListener l : listeners) {
                safely(run, event + " of " + l.getClass().getSimpleName(), () -> call.accept(l));
            }
        }

        private static void safely(RunRef run, String what, Runnable r) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warnf("run %s: listener failed in %s: %s", run.runId(), what, e.getClass().getName());
            }
        }
    }
}
