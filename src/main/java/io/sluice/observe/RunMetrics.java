package io.sluice.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sluice.engine.RunListener;
import io.sluice.state.Run;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;

/**
 * Runs as Micrometer meters (Prometheus names in brackets): {@code sluice.runs} [{@code sluice_runs_total}] by
 * sync, state and health; {@code sluice.run.duration} [{@code sluice_run_duration_seconds}] by sync and state;
 * {@code sluice.records} [{@code sluice_records_total}] by sync, action and apply state as windows commit;
 * {@code sluice.rows.staged} [{@code sluice_rows_staged_total}] by sync. Tags take few values: never a record
 * identifier, never a run id.
 */
@ApplicationScoped
public class RunMetrics implements RunListener {
    static final String RUNS = "sluice.runs";
    static final String DURATION = "sluice.run.duration";
    static final String RECORDS = "sluice.records";
    static final String STAGED = "sluice.rows.staged";

    private final MeterRegistry registry;

    @Inject
    public RunMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void staged(RunRef run, long records) {
        Counter.builder(STAGED).description("Records staged by runs (found needing an action)")
                .tag("sync", run.sync()).register(registry).increment(records);
    }

    @Override
    public void committed(RunRef run, Map<RecordTally, Long> tallies) {
        tallies.forEach((tally, n) -> Counter.builder(RECORDS).description("Records committed by runs")
                .tags("sync", run.sync(), "action", tally.action() == null ? "none" : tally.action().name(),
                        "apply_state", tally.applyState().name())
                .register(registry).increment(n));
    }

    @Override
    public Uni<Void> runEnded(RunEnded ended) {
        Run r = ended.run();
        Counter.builder(RUNS).description("Runs ended").tags("sync", r.syncSlug(), "state", r.state().name(), "health", r.health().name())
                .register(registry).increment();
        if (r.endedAt() != null) {
            Timer.builder(DURATION).description("Run duration, lock to end").tags("sync", r.syncSlug(), "state", r.state().name())
                    .register(registry).record(Duration.between(r.startedAt(), r.endedAt()));
        }
        return Uni.createFrom().voidItem();
    }
}
