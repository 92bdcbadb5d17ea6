package io.sluice.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.warehouse.Migrator;
import io.sluice.warehouse.Warehouse;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Pausing and resuming as stored in a warehouse; run per warehouse. */
public abstract class SyncControlsSuite {
    private static final Instant T0 = Instant.parse("2025-05-01T08:00:00Z");

    /** A fresh warehouse (the suite migrates it). */
    protected abstract Warehouse warehouse();

    private SyncControls migrated() {
        Warehouse w = warehouse();
        Migrator.migrate(w, EngineSchema.migrations(w), Clock.systemUTC());
        return new SyncControls(w);
    }

    @Test
    void aPauseHoldsItsTimeAndReasonUntilResumedAndResumeIsIdempotent() {
        SyncControls controls = migrated();
        assertThat(controls.paused("a")).isEmpty();

        SyncControls.Pause p = controls.pause("a", "maintenance", T0);
        assertThat(p.since()).isEqualTo(T0);
        // another object on the same warehouse, as after a restart or on another replica
        SyncControls.Pause read = new SyncControls(warehouse()).paused("a").orElseThrow();
        assertThat(read.since().truncatedTo(ChronoUnit.MILLIS)).isEqualTo(T0);
        assertThat(read.reason()).isEqualTo("maintenance");
        assertThat(controls.paused("b")).isEmpty();

        SyncControls.Pause again = controls.pause("a", "another reason", T0.plusSeconds(60));
        assertThat(again.since().truncatedTo(ChronoUnit.MILLIS)).isEqualTo(T0);
        assertThat(again.reason()).isEqualTo("maintenance");

        controls.pause("b", null, T0.plusSeconds(5));
        assertThat(controls.allPaused()).containsOnlyKeys("a", "b");
        assertThat(controls.allPaused().get("b").reason()).isNull();

        assertThat(controls.resume("a")).isTrue();
        assertThat(controls.resume("a")).isFalse();
        assertThat(controls.paused("a")).isEmpty();
        assertThat(controls.allPaused()).containsOnlyKeys("b");

        SyncControls.Pause later = controls.pause("a", "second pause", T0.plusSeconds(120));
        assertThat(controls.paused("a").orElseThrow().since().truncatedTo(ChronoUnit.MILLIS)).isEqualTo(later.since());
        assertThat(controls.paused("a").orElseThrow().reason()).isEqualTo("second pause");
    }

    @Test
    void pausesAtTheSameMomentAllAnswerThePauseInForce() throws Exception {
        SyncControls controls = migrated();
        int callers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<SyncControls.Pause>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                Instant at = T0.plusSeconds(i);
                answers.add(pool.submit(() -> {
                    start.await();
                    return controls.pause("raced", "caller at " + at, at);
                }));
            }
            start.countDown();
            Set<Instant> since = new HashSet<>();
            for (Future<SyncControls.Pause> answer : answers) {
                since.add(answer.get().since().truncatedTo(ChronoUnit.MILLIS));
            }
            SyncControls.Pause inForce = controls.paused("raced").orElseThrow();
            // every caller was told of a pause, and the one stored is one of theirs
            assertThat(since).contains(inForce.since().truncatedTo(ChronoUnit.MILLIS));
        } finally {
            pool.shutdownNow();
        }
    }
}
