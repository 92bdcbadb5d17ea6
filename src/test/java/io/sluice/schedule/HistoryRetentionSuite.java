package io.sluice.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.engine.EngineHarness;
import io.sluice.state.RunState;
import io.sluice.state.Trigger;
import io.sluice.sync.SyncDefinition;
import io.sluice.testing.MemoryApp;
import io.sluice.testing.MutableClock;
import io.sluice.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Retention removes history older than its setting, except each record's latest row" (SEMANTICS.md), on history
 * written by real runs, with a clock moved by hand; run per warehouse. Chunks of 2 rows make every prune take several.
 */
public abstract class HistoryRetentionSuite {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final SyncDefinition MIRROR = EngineHarness.sync("""
            slug: people-mirror
            source: {warehouse: w, table: people, id-column: id}
            target: {connection: app, object: Person}
            strategy: mirror
            mapping: {email: email}
            """);

    private MutableClock clock;
    private EngineHarness h;
    private MemoryApp app;
    private SimpleMeterRegistry registry;
    private HistoryRetention retention;

    /** A warehouse whose engine tables may be reset freely. */
    protected abstract Warehouse warehouse();

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        h = new EngineHarness(warehouse(), clock, EngineHarness.config(7, 5, 3, 2));
        for (String t : List.of("record_state", "record_history", "runs", "run_locks")) {
            h.sql("DELETE FROM " + h.warehouse.engineTable(t));
        }
        h.sql("DROP TABLE IF EXISTS people", "CREATE TABLE people (id INTEGER, email VARCHAR(200))",
                "INSERT INTO people VALUES (1, 'a@example.com'), (2, 'b@example.com'), (3, 'c@example.com')");
        app = new MemoryApp();
        registry = new SimpleMeterRegistry();
        retention = new HistoryRetention(config(Duration.ofDays(90), 2), clock, registry);
    }

    @Test
    void oldRowsGoWhileEachRecordsLatestRowStaysWhateverItsAgeEvenAfterMirrorDeletedTheRecord() {
        runAt(0);                                                               // 1, 2, 3 created
        h.sql("UPDATE people SET email = 'a10@example.com' WHERE id = 1", "UPDATE people SET email = 'b10@example.com' WHERE id = 2");
        runAt(10);                                                              // 1, 2 updated
        h.sql("UPDATE people SET email = 'a20@example.com' WHERE id = 1");
        runAt(20);                                                              // 1 updated
        h.sql("DELETE FROM people WHERE id = 3");
        runAt(30);                                                              // 3 deleted by mirror: no state row left
        assertThat(h.stateOf(MIRROR.slug(), "3")).isEmpty();
        assertThat(days("1")).containsExactly(0L, 10L, 20L);
        assertThat(days("2")).containsExactly(0L, 10L);
        assertThat(days("3")).containsExactly(0L, 30L);

        // day 95: the cutoff is day 5; the rows of day 0 go, each of those records having a newer row
        clock.set(T0.plus(Duration.ofDays(95)));
        assertThat(prune()).isEqualTo(3);
        assertThat(days("1")).containsExactly(10L, 20L);
        assertThat(days("2")).containsExactly(10L);
        assertThat(days("3")).containsExactly(30L);
        assertThat(prunedCounter()).isEqualTo(3);

        // day 200: the cutoff is day 110; every row is older, and only the one of 1 that has a newer row goes
        clock.set(T0.plus(Duration.ofDays(200)));
        assertThat(prune()).isEqualTo(1);
        assertThat(days("1")).containsExactly(20L);
        assertThat(days("2")).containsExactly(10L);
        assertThat(h.history(MIRROR.slug(), "3")).singleElement().satisfies(row -> assertThat(row.get("action")).isEqualTo("DELETE"));
        assertThat(prunedCounter()).isEqualTo(4);

        assertThat(prune()).isZero();
        assertThat(prunedCounter()).isEqualTo(4);
    }

    @Test
    void aRecordWithManyOldRowsKeepsItsLatestAcrossChunks() {
        for (int day = 0; day < 7; day++) {
            h.sql("UPDATE people SET email = 'a" + day + "@example.com' WHERE id = 1");
            runAt(day);
        }
        assertThat(days("1")).hasSize(7);

        clock.set(T0.plus(Duration.ofDays(365)));
        // record 1's six older rows go, two per chunk; 2 and 3 have one row each, their latest
        assertThat(prune()).isEqualTo(6);
        assertThat(days("1")).containsExactly(6L);
        assertThat(days("2")).containsExactly(0L);
        assertThat(days("3")).containsExactly(0L);
    }

    @Test
    void rowsOfARecordsLatestInstantAllStay() {
        String history = h.warehouse.engineTable("record_history");
        h.sql("INSERT INTO " + history + " (run_id, sync_id, identifier, action, apply_state, recorded_at) VALUES "
                + "('r1', 's', 'x', 'CREATE', 'SUCCESS', TIMESTAMP '2025-05-01 00:00:00'), "
                + "('r2', 's', 'x', 'UPDATE', 'SUCCESS', TIMESTAMP '2025-06-01 00:00:00'), "
                + "('r3', 's', 'x', 'UPDATE', 'SUCCESS', TIMESTAMP '2025-06-01 00:00:00')");
        clock.set(T0.plus(Duration.ofDays(365)));
        assertThat(prune()).isEqualTo(1);
        assertThat(h.history("s", "x")).extracting(row -> row.get("run_id")).containsExactly("r2", "r3");
    }

    @Test
    void pruningNeitherTakesNorWaitsForTheRunLock() {
        runAt(0);
        h.sql("UPDATE people SET email = 'a1@example.com' WHERE id = 1");
        runAt(1);
        clock.set(T0.plus(Duration.ofDays(100)));
        Instant staleBefore = clock.instant().minus(Duration.ofMinutes(2));
        assertThat(h.runs.start(MIRROR.slug(), "holding", Trigger.API, "test", clock.instant(), staleBefore).started()).isNotNull();

        assertThat(prune()).isEqualTo(1);                                      // record 1's row of day 0
        assertThat(days("1")).containsExactly(1L);
        assertThat(h.runs.start(MIRROR.slug(), "another", Trigger.API, "test", clock.instant(), staleBefore).activeRunId())
                .as("the run still holds its lock").isEqualTo("holding");
    }

    private void runAt(int day) {
        clock.set(T0.plus(Duration.ofDays(day)));
        app.clearReceived();
        assertThat(h.run(MIRROR, app).state()).isEqualTo(RunState.COMPLETED);
    }

    private long prune() {
        return retention.prune(h.warehouse).await().atMost(Duration.ofMinutes(1));
    }

    private double prunedCounter() {
        return registry.get(HistoryRetention.PRUNED).tag("warehouse", h.warehouse.name()).counter().count();
    }

    /** The days (since T0) at which a record's history rows were recorded, oldest first. */
    private List<Long> days(String identifier) {
        return h.history(MIRROR.slug(), identifier).stream().map(HistoryRetentionSuite::recordedAt)
                .map(t -> Duration.between(T0, t).toDays()).toList();
    }

    private static Instant recordedAt(Map<String, Object> row) {
        Object t = row.get("recorded_at");
        if (t instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (t instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new AssertionError("recorded_at read as " + (t == null ? "null" : t.getClass()));
    }

    static HistoryConfig config(Duration retention, int chunkSize) {
        return new HistoryConfig() {
            public Duration retention() {
                return retention;
            }

            public Duration pruneInterval() {
                return Duration.ofHours(1);
            }

            public int pruneChunkSize() {
                return chunkSize;
            }
        };
    }
}
