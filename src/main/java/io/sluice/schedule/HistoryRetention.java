package io.sluice.schedule;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.sluice.cli.CommandConfig;
import io.sluice.state.HistoryPruner;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.Warehouses;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Applies {@code sluice.history.retention} to the history of every configured warehouse, every
 * {@code sluice.history.prune-interval}, with {@link HistoryPruner}. Rows removed are counted by
 * {@code sluice.history.pruned.rows} [{@code sluice_history_pruned_rows_total}] by warehouse. A warehouse that fails
 * is logged and tried again next interval; the others are pruned regardless.
 */
@ApplicationScoped
public class HistoryRetention {
    static final String PRUNED = "sluice.history.pruned.rows";
    private static final Logger LOG = Logger.getLogger(HistoryRetention.class);
    /** Start is busy (migrations, abandoned runs, first cron ticks): the first prune waits this long, or the interval if shorter. */
    static final Duration FIRST_PRUNE_AFTER = Duration.ofMinutes(5);

    private final HistoryConfig config;
    private final Clock clock;
    private final MeterRegistry registry;

    @Inject
    public HistoryRetention(HistoryConfig config, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.clock = clock;
        this.registry = registry;
    }

    void onStart(@Observes @Priority(40) StartupEvent event, Scheduler scheduler, Warehouses warehouses, CommandConfig command) {
        check(config);
        if (command.validate()) {
            // checking sync files schedules nothing and touches no warehouse it did not migrate
            return;
        }
        String every = config.pruneInterval().toString();
        // the first prune comes soon after start (at most FIRST_PRUNE_AFTER), so a service restarted more often than
        // the interval still prunes; a tick while the previous prune still works is skipped: the next one finds what it left
        String first = (config.pruneInterval().compareTo(FIRST_PRUNE_AFTER) < 0 ? config.pruneInterval() : FIRST_PRUNE_AFTER).toString();
        scheduler.newJob("history-retention").setInterval(every).setDelayed(first).setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setAsyncTask(execution -> Multi.createFrom().iterable(warehouses.all()).onItem().transformToUniAndConcatenate(this::prune)
                        .collect().last().replaceWithVoid())
                .schedule();
        LOG.infof("history retention %s (each record's latest row kept), pruned every %s", words(config.retention()), words(config.pruneInterval()));
    }

    /** Fails start with the key named when a setting cannot work. */
    static void check(HistoryConfig config) {
        positive("sluice.history.retention", config.retention());
        positive("sluice.history.prune-interval", config.pruneInterval());
        if (config.pruneChunkSize() < 1) {
            throw new IllegalArgumentException("sluice.history.prune-chunk-size must be at least 1, was " + config.pruneChunkSize());
        }
    }

    /** 90d, 12h, 30m, 45s, or ISO 8601 when not a whole number of those. */
    static String words(Duration d) {
        if (d.toSeconds() % 86_400 == 0 && d.toNanosPart() == 0) {
            return d.toDays() + "d";
        }
        if (d.toSeconds() % 3_600 == 0 && d.toNanosPart() == 0) {
            return d.toHours() + "h";
        }
        if (d.toSeconds() % 60 == 0 && d.toNanosPart() == 0) {
            return d.toMinutes() + "m";
        }
        if (d.toNanosPart() == 0) {
            return d.toSeconds() + "s";
        }
        return d.toString();
    }

    private static void positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration (e.g. 90d, 12h), was " + words(value));
        }
    }

    /**
     * Removes one warehouse's history older than the retention (as of now), except each record's latest row.
     *
     * @return the rows removed; 0 when the warehouse failed (logged)
     */
    public Uni<Long> prune(Warehouse warehouse) {
        Instant cutoff = clock.instant().minus(config.retention());
        Counter pruned = Counter.builder(PRUNED).description("History rows removed by retention").tag("warehouse", warehouse.name())
                .register(registry);
        return new HistoryPruner(warehouse).prune(cutoff, config.pruneChunkSize(), pruned::increment).invoke(n -> {
            if (n > 0) {
                LOG.infof("warehouse '%s': history retention removed %d row(s) recorded before %s (each record's latest row kept)",
                        warehouse.name(), n, cutoff);
            }
        }).onFailure().recoverWithItem(e -> {
            LOG.warnf("warehouse '%s': history retention failed, tried again in %s: %s", warehouse.name(), words(config.pruneInterval()),
                    e.getMessage());
            return 0L;
        });
    }
}
