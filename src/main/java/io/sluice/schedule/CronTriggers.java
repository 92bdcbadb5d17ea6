package io.sluice.schedule;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import io.sluice.engine.SyncEngine;
import io.sluice.state.Trigger;
import io.sluice.sync.SyncDefinition;
import io.sluice.sync.SyncRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Registers one Quarkus scheduler job per sync that has a {@code schedule} (unix cron). A tick while the sync
 * is running is skipped and counted, never queued.
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

    void onStart(@Observes @Priority(30) StartupEvent event) {
        for (SyncDefinition s : syncs.all()) {
            if (s.schedule() != null) {
                scheduler.newJob("sync-" + s.slug()).setCron(s.schedule()).setAsyncTask(execution -> tick(s.slug())).schedule();
                LOG.infof("sync '%s' scheduled: %s", s.slug(), s.schedule());
            }
        }
    }

    /** One cron tick: start a run, or count the tick as skipped when one is active. */
    Uni<Void> tick(String slug) {
        return engine.trigger(slug, Trigger.SCHEDULE).invoke(r -> {
            if (!r.started()) {
                long n = skipped.computeIfAbsent(slug, k -> new AtomicLong()).incrementAndGet();
                LOG.infof("sync '%s': scheduled tick skipped, run %s is active (%d skipped so far)", slug, r.activeRunId(), n);
            }
        }).onFailure().invoke(e -> LOG.errorf("sync '%s': scheduled run could not start: %s", slug, e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Ticks skipped because a run was active, since this replica started. */
    public long skippedTicks(String slug) {
        AtomicLong n = skipped.get(slug);
        return n == null ? 0 : n.get();
    }
}
