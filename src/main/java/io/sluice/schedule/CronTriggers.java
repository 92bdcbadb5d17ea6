package io.sluice.schedule;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import io.sluice.cli.CommandConfig;
import io.sluice.engine.SyncEngine;
import io.sluice.state.Trigger;
import io.sluice.sync.SyncDefinition;
import io.sluice.sync.SyncRegistry;
import io.sluice.sync.SyncReload;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Registers one Quarkus scheduler job per sync that has a {@code schedule} (unix cron). A tick while the sync
 * is running or paused is skipped and counted, never queued. The jobs follow each reload of the sync files
 * ({@link SyncReload}, fired by {@link SyncRegistry#reload()}).
 */
@ApplicationScoped
public class CronTriggers {
    private static final Logger LOG = Logger.getLogger(CronTriggers.class);

    @Inject
    Scheduler scheduler;

    @Inject
    SyncRegistry syncs;

    @Inject
    SyncEngine engine;

    private final Map<String, AtomicLong> skipped = new ConcurrentHashMap<>();

    void onStart(@Observes @Priority(30) StartupEvent event,
                 CommandConfig command) {
        if (command.validate()) {
            // the validate command only checks files: no tick may start a run while it does
            return;
        }
        syncs.all().forEach(this::schedule);
    }

    /** After a reload: drops the jobs of removed and changed syncs, and schedules added and changed ones anew. */
    void reschedule(@Observes SyncReload reload) {
        for (String slug : concat(reload.removed(), reload.changed())) {
            if (scheduler.unscheduleJob(jobId(slug)) != null) {
                LOG.infof("sync '%s' unscheduled", slug);
            }
        }
        for (String slug : concat(reload.added(), reload.changed())) {
            syncs.find(slug).ifPresent(this::schedule);
        }
    }

    private void schedule(SyncDefinition s) {
        if (s.schedule() != null) {
            scheduler.newJob(jobId(s.slug())).setCron(s.schedule()).setAsyncTask(execution -> tick(s.slug())).schedule();
            LOG.infof("sync '%s' scheduled: %s", s.slug(), s.schedule());
        }
    }

    private static String jobId(String slug) {
        return "sync-" + slug;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /** One cron tick: start a run, or count the tick as skipped when one is active or the sync is paused. */
    Uni<Void> tick(String slug) {
        // deferred: a sync removed by a reload between its tick firing and this call fails the Uni, not the scheduler thread
        return Uni.createFrom().deferred(() -> engine.trigger(slug, Trigger.SCHEDULE)).invoke(r -> {
            if (!r.started()) {
                long n = skipped.computeIfAbsent(slug, k -> new AtomicLong()).incrementAndGet();
                String why = r.pause() != null ? "the sync is paused since " + r.pause().since() : "run " + r.activeRunId() + " is active";
                LOG.infof("sync '%s': scheduled tick skipped, %s (%d skipped so far)", slug, why, n);
            }
        }).onFailure().invoke(e -> LOG.errorf("sync '%s': scheduled run could not start: %s", slug, e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Ticks skipped because a run was active or the sync was paused, since this replica started. */
    public long skippedTicks(String slug) {
        AtomicLong n = skipped.get(slug);
        return n == null ? 0 : n.get();
    }
}
