package io.sluice.observe;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.sluice.cli.CommandConfig;
import io.sluice.engine.RunListener;
import io.sluice.engine.SyncChanged;
import io.sluice.engine.SyncHealth;
import io.sluice.engine.SyncStatus;
import io.sluice.state.ApplyState;
import io.sluice.state.Health;
import io.sluice.state.Stores;
import io.sluice.sync.SyncDefinition;
import io.sluice.sync.SyncRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * Per-sync gauges for alerting (Prometheus names): {@code sluice_sync_health{sync,health}} (one series per health
 * value, 1 for the current one), {@code sluice_sync_last_success_timestamp_seconds{sync}} (end of the last run that
 * completed and did not fail; NaN before one), {@code sluice_sync_paused{sync}}, {@code sluice_sync_failed_records{sync}}
 * (records whose last attempt failed) and {@code sluice_sync_schedule_interval_seconds{sync}} (time between two cron
 * ticks; NaN for a sync without a schedule). A value not known yet is NaN, which no alert comparison matches.
 *
 * <p>A scrape only reads a snapshot in memory. The snapshot of a sync is read from its warehouse, on the warehouse's
 * workers, when one of its runs ends, when a user changes it ({@link SyncChanged}), and for every sync on a schedule
 * ({@code sluice.metrics.sync-refresh}, default 60 s), which also catches changes made by other replicas and drops
 * the series of syncs that were removed.
 */
@ApplicationScoped
public class SyncGauges implements RunListener {
    private static final Logger LOG = Logger.getLogger(SyncGauges.class);
    static final String HEALTH = "sluice.sync.health";
    static final String LAST_SUCCESS = "sluice.sync.last.success.timestamp";
    static final String PAUSED = "sluice.sync.paused";
    static final String FAILED_RECORDS = "sluice.sync.failed.records";
    static final String SCHEDULE_INTERVAL = "sluice.sync.schedule.interval";
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** A change's answer waits for the refresh; a slow warehouse must not hold it long. */
    private static final Duration CHANGE_REFRESH_LIMIT = Duration.ofSeconds(10);

    /** What the gauges of one sync report. */
    record Snapshot(Health health, Optional<Instant> lastSuccess, boolean paused, long failedRecords, Optional<Duration> scheduleInterval) {
    }

    private final MeterRegistry registry;
    private final Stores stores;
    private final SyncRegistry syncs;
    private final Clock clock;
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();

    @Inject
    public SyncGauges(MeterRegistry registry, Stores stores, SyncRegistry syncs, Clock clock) {
        this.registry = registry;
        this.stores = stores;
        this.syncs = syncs;
        this.clock = clock;
    }

    @Override
    public Uni<Void> runEnded(RunEnded ended) {
        return refresh(ended.run().syncSlug());
    }

    void changed(@ObservesAsync SyncChanged change) {
        refresh(change.sync()).await().atMost(CHANGE_REFRESH_LIMIT);
    }

    /**
     * The first snapshot of every sync, once the engine schema is migrated ({@code EngineStartup} observes first): a
     * scheduled refresh at start could run before the migration and find no tables.
     */
    void onStart(@Observes @Priority(50) StartupEvent event, CommandConfig command) {
        if (!command.validate()) {
            refreshAll().subscribe().with(done -> { }, e -> LOG.warnf("gauges not refreshed at start: %s", e.getMessage()));
        }
    }

    @Scheduled(every = "${sluice.metrics.sync-refresh:60s}", delayed = "${sluice.metrics.sync-refresh:60s}", identity = "sync-gauges",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshAll() {
        Set<String> loaded = syncs.all().stream().map(SyncDefinition::slug).collect(java.util.stream.Collectors.toSet());
        List.copyOf(meters.keySet()).stream().filter(slug -> !loaded.contains(slug)).forEach(this::drop);
        return Multi.createFrom().iterable(loaded).onItem().transformToUniAndConcatenate(this::refresh).collect().last().replaceWithVoid();
    }

    /** Reads the sync's snapshot from its warehouse; a failure is logged and keeps the previous one. */
    Uni<Void> refresh(String slug) {
        Optional<SyncDefinition> sync = syncs.find(slug);
        if (sync.isEmpty()) {
            drop(slug);
            return Uni.createFrom().voidItem();
        }
        Optional<Duration> interval = interval(sync.get().schedule());
        // one trip to the warehouse's workers for the whole snapshot
        return stores.on(sync.get().source().warehouse(), s -> {
                    SyncStatus status = SyncHealth.read(s, slug);
                    return new Snapshot(status.health(), s.runs().lastSuccessfulEnd(slug), s.controls().paused(slug).isPresent(),
                            failed(status.records()), interval);
                })
                .invoke(snapshot -> publish(slug, snapshot))
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("sync '%s': gauges not refreshed: %s", slug, e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    private static long failed(Map<ApplyState, Long> counts) {
        return counts.entrySet().stream().filter(e -> e.getKey().isFailure()).mapToLong(Map.Entry::getValue).sum();
    }

    private Optional<Duration> interval(String cron) {
        if (cron == null) {
            return Optional.empty();
        }
        ExecutionTime times = ExecutionTime.forCron(CRON.parse(cron));
        return times.nextExecution(ZonedDateTime.now(clock)).flatMap(next -> times.nextExecution(next).map(after -> Duration.between(next, after)));
    }

    private void publish(String slug, Snapshot snapshot) {
        snapshots.put(slug, snapshot);
        meters.computeIfAbsent(slug, this::register);
    }

    private List<Meter> register(String slug) {
        List<Meter> out = new ArrayList<>();
        for (Health h : Health.values()) {
            out.add(gauge(HEALTH, "Sync health: 1 for the current value, 0 for the others", slug, s -> s.health() == h ? 1 : 0, "health", h.name()));
        }
        out.add(Gauge.builder(LAST_SUCCESS, this, g -> g.value(slug, s -> s.lastSuccess().map(t -> t.toEpochMilli() / 1000.0).orElse(Double.NaN)))
                .description("When the sync's last successful run ended (Unix time)").baseUnit("seconds").tags("sync", slug)
                .strongReference(true).register(registry));
        out.add(gauge(PAUSED, "1 while the sync is paused", slug, s -> s.paused() ? 1 : 0));
        out.add(gauge(FAILED_RECORDS, "Records of the sync whose last attempt failed", slug, s -> s.failedRecords()));
        out.add(Gauge.builder(SCHEDULE_INTERVAL, this, g -> g.value(slug, s -> s.scheduleInterval().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN)))
                .description("Time between two cron ticks of the sync (NaN without a schedule)").baseUnit("seconds").tags("sync", slug)
                .strongReference(true).register(registry));
        return out;
    }

    private Meter gauge(String name, String description, String slug, ToDoubleFunction<Snapshot> value, String... tags) {
        return Gauge.builder(name, this, g -> g.value(slug, value)).description(description).tags("sync", slug).tags(tags)
                .strongReference(true).register(registry);
    }

    private double value(String slug, ToDoubleFunction<Snapshot> value) {
        Snapshot s = snapshots.get(slug);
        return s == null ? Double.NaN : value.applyAsDouble(s);
    }

    private void drop(String slug) {
        List<Meter> gone = meters.remove(slug);
        if (gone != null) {
            gone.forEach(registry::remove);
        }
        snapshots.remove(slug);
    }
}
