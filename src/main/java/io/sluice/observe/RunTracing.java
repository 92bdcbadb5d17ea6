package io.sluice.observe;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.sluice.engine.RunListener;
import io.sluice.state.Run;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs as OpenTelemetry spans: {@code sluice.run} (attributes {@code sluice.sync}, {@code sluice.run.id},
 * {@code sluice.trigger}; state, health and counts at its end) with one child per phase: {@code sluice.lock},
 * {@code sluice.stage}, {@code sluice.stream}, one {@code sluice.commit} per commit window, {@code sluice.finish}.
 * The tracer comes from {@link GlobalOpenTelemetry} at each run, so it is a no-op until an agent or SDK registers
 * itself; nothing is exported otherwise.
 */
@ApplicationScoped
public class RunTracing implements RunListener {
    static final String INSTRUMENTATION = "io.sluice";
    static final AttributeKey<String> SYNC = AttributeKey.stringKey("sluice.sync");
    static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("sluice.run.id");
    static final AttributeKey<String> TRIGGER = AttributeKey.stringKey("sluice.trigger");

    private final Supplier<Tracer> tracer;
    private final Map<String, Span> runs = new ConcurrentHashMap<>();

    public RunTracing() {
        this(() -> GlobalOpenTelemetry.getTracer(INSTRUMENTATION));
    }

    /** With a tracer of the caller's (tests, an embedding application with its own SDK). */
    public RunTracing(Supplier<Tracer> tracer) {
        this.tracer = tracer;
    }

    @Override
    public void runStarted(RunRef run, Duration lockWait) {
        Instant now = Instant.now();
        Instant lockStart = now.minus(lockWait);
        Tracer t = tracer.get();
        Span span = t.spanBuilder("sluice.run").setNoParent().setStartTimestamp(lockStart)
                .setAttribute(SYNC, run.sync()).setAttribute(RUN_ID, run.runId()).setAttribute(TRIGGER, run.trigger().name())
                .setAttribute("sluice.connection", run.connection())
                .startSpan();
        runs.put(run.runId(), span);
        t.spanBuilder("sluice." + RunPhase.LOCK.label()).setParent(Context.root().with(span)).setStartTimestamp(lockStart)
                .startSpan().end(now);
    }

    @Override
    public PhaseEnd phaseStarted(RunRef run, RunPhase phase) {
        Span parent = runs.get(run.runId());
        if (parent == null) {
            return PhaseEnd.NO_OP;
        }
        Span span = tracer.get().spanBuilder("sluice." + phase.label()).setParent(Context.root().with(parent))
                .setAttribute(SYNC, run.sync()).setAttribute(RUN_ID, run.runId()).startSpan();
        return failure -> {
            if (failure != null) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            }
            span.end();
        };
    }

    @Override
    public void staged(RunRef run, long records) {
        Span span = runs.get(run.runId());
        if (span != null) {
            span.setAttribute("sluice.records.staged", records);
        }
    }

    @Override
    public Uni<Void> runEnded(RunEnded ended) {
        Span span = runs.remove(ended.ref().runId());
        if (span != null) {
            Run r = ended.run();
            span.setAttribute("sluice.run.state", r.state().name());
            span.setAttribute("sluice.run.health", r.health().name());
            if (r.counts() != null) {
                r.counts().byState().forEach((state, n) -> span.setAttribute("sluice.records." + state.name().toLowerCase(java.util.Locale.ROOT), n));
            }
            if (r.globalError() != null) {
                span.setStatus(StatusCode.ERROR, r.globalError());
            }
            span.end();
        }
        return Uni.createFrom().voidItem();
    }
}
