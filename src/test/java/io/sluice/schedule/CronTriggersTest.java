package io.sluice.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.engine.SyncEngine;
import io.sluice.state.Run;
import io.sluice.state.Stores;
import io.sluice.state.Trigger;
import io.sluice.testing.MemoryPlugin;
import io.sluice.warehouse.Warehouses;
import jakarta.inject.Inject;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Cron schedules from sync files become Quarkus scheduler jobs; a tick while a run is active is skipped and counted. */
@QuarkusTest
class CronTriggersTest {
    @Inject
    Stores stores;

    @Inject
    Scheduler scheduler;

    @Inject
    CronTriggers triggers;

    @Inject
    SyncEngine engine;

    @Inject
    Warehouses warehouses;

    @Test
    void aScheduledSyncHasAJobWhoseTickStartsARunAndSkipsWhileOneIsActive() throws Exception {
        assertThat(scheduler.getScheduledJob("sync-people-nightly")).isNotNull();
        assertThat(scheduler.getScheduledJob("sync-people")).isNull();
        warehouses.get("default").callBlocking("source", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE OR REPLACE TABLE people AS SELECT i AS id, 'n' || i || '@example.com' AS email, 'N' AS name FROM range(1, 6) t(i)");
            }
            return null;
        });
        CountDownLatch release = MemoryPlugin.APP.holdCalls();
        try {
            triggers.tick("people-nightly").await().atMost(Duration.ofSeconds(10));
            Run running = runs("people-nightly", 1).get(0);
            assertThat(running.trigger()).isEqualTo(Trigger.SCHEDULE);
            assertThat(running.isActive()).isTrue();

            long before = triggers.skippedTicks("people-nightly");
            triggers.tick("people-nightly").await().atMost(Duration.ofSeconds(10));
            assertThat(triggers.skippedTicks("people-nightly")).isEqualTo(before + 1);
        } finally {
            release.countDown();
            MemoryPlugin.APP.beforeAnswer = b -> {
            };
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                !runs("people-nightly", 1).get(0).isActive());
    }

    @Inject
    io.sluice.engine.Pauses pauses;

    @Test
    void aTickOfAPausedSyncStartsNoRunAndIsCountedAsSkippedAndAfterTriggersAreRefusedToo() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> runs("people-nightly", 1)
                .stream().noneMatch(Run::isActive));
        pauses.pause("people-nightly", "test").await().atMost(Duration.ofSeconds(10));
        try {
            int runsBefore = runs("people-nightly", 500).size();
            long skippedBefore = triggers.skippedTicks("people-nightly");
            triggers.tick("people-nightly").await().atMost(Duration.ofSeconds(10));
            assertThat(triggers.skippedTicks("people-nightly")).isEqualTo(skippedBefore + 1);
            // an "after" trigger goes the same way
            io.sluice.engine.StartResult after = engine.trigger("people-nightly", Trigger.AFTER_SYNC).await().atMost(Duration.ofSeconds(10));
            assertThat(after.started()).isFalse();
            assertThat(after.pause().reason()).isEqualTo("test");
            assertThat(runs("people-nightly", 500)).hasSize(runsBefore);
        } finally {
            pauses.resume("people-nightly").await().atMost(Duration.ofSeconds(10));
        }
    }

    /** The sync's latest runs, newest first, as stored in its warehouse. */
    private List<Run> runs(String slug, int limit) {
        return stores.on("default", s -> s.runs().recent(slug, limit)).await().atMost(Duration.ofSeconds(10));
    }
}
