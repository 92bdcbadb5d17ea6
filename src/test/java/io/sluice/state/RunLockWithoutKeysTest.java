package io.sluice.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.LockRace;
import io.sluice.testing.PostgresServer;
import io.sluice.warehouse.Migrator;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The run lock protocol for warehouses that do not enforce primary keys (Snowflake's), exercised on a PostgreSQL
 * database whose {@code run_locks} has no primary key: there, concurrent MERGEs really do insert duplicate lock
 * rows, so the confirmation after commit is what keeps it to one run.
 */
class RunLockWithoutKeysTest {
    private static final String DATABASE = "run_lock_without_keys";
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    private static final Duration STALE = Duration.ofMinutes(5);

    private static Warehouse warehouse;
    private static RunStore runs;

    @BeforeAll
    static void open() {
        PostgresServer.createDatabase(DATABASE);
        warehouse = connect();
        Migrator.migrate(warehouse, EngineSchema.migrations(warehouse), Clock.fixed(T0, ZoneOffset.UTC));
        exec(warehouse, "ALTER TABLE sluice.run_locks DROP CONSTRAINT run_locks_pkey");
        runs = new RunStore(warehouse, false);
    }

    @AfterAll
    static void close() {
        warehouse.close();
    }

    private static Warehouse connect() {
        return WarehouseFactory.open("pg", PostgresServer.jdbcUrl(DATABASE), Optional.of(PostgresServer.USER), Optional.empty(), Map.of(),
                "sluice", 2);
    }

    @Test
    void aSecondStartGetsTheActiveRunAndAStartAfterFinishSucceeds() {
        RunStore.StartResult first = start(runs, "contacts", "run-1", T0);
        RunStore.StartResult second = start(runs, "contacts", "run-2", T0.plusSeconds(1));
        assertThat(first.started()).isNotNull();
        assertThat(second.started()).isNull();
        assertThat(second.activeRunId()).isEqualTo("run-1");
        assertThat(runs.find("run-2")).isEmpty();
        assertThat(lockRows("contacts")).isEqualTo(1);

        runs.finish(first.started(), RunState.COMPLETED, Health.HEALTHY, T0.plusSeconds(2), null, new RunCounts(), java.util.Map.of());
        assertThat(start(runs, "contacts", "run-3", T0.plusSeconds(3)).started()).isNotNull();
    }

    @Test
    void aStaleLockIsTakenOver() {
        assertThat(start(runs, "stale", "run-dead", T0).started()).isNotNull();
        assertThat(start(runs, "stale", "run-early", T0.plus(STALE).minusSeconds(1)).activeRunId()).isEqualTo("run-dead");
        assertThat(start(runs, "stale", "run-new", T0.plus(STALE).plusSeconds(1)).started()).isNotNull();
        assertThat(runs.find("run-dead").orElseThrow().state()).isEqualTo(RunState.FAILED);
    }

    /** A row another replica slipped in (as an unserialised MERGE would) makes a later start back off, leaving nothing behind. */
    @Test
    void aStartThatFindsASecondLockRowBacksOff() {
        exec(warehouse, "INSERT INTO sluice.run_locks VALUES ('dup', 'run-a', 'replica-a', TIMESTAMPTZ '2025-03-01 12:00:00+00')",
                "INSERT INTO sluice.run_locks VALUES ('dup', 'run-b', 'replica-b', TIMESTAMPTZ '2025-03-01 12:00:01+00')");
        RunStore.StartResult third = start(runs, "dup", "run-c", T0.plusSeconds(2));
        assertThat(third.started()).isNull();
        assertThat(third.activeRunId()).isEqualTo("run-a");
        assertThat(lockRows("dup")).isEqualTo(2);
    }

    @Test
    void replicasRacingForTheSameSyncNeverBothWin() throws Exception {
        int replicas = 4;
        List<Warehouse> replicaWarehouses = new ArrayList<>();
        try {
            List<RunStore> stores = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                Warehouse w = connect();
                replicaWarehouses.add(w);
                stores.add(new RunStore(w, false));
                start(stores.get(i), "warmup-" + i, "warmup-" + i, T0);
            }
            int roundsWithAWinner = 0;
            try (LockRace race = new LockRace(stores, Duration.ofSeconds(30))) {
                for (int round = 0; round < 20; round++) {
                    String sync = "raced-" + round;
                    List<Run> winners = race.round(sync, T0, STALE).stream().filter(r -> r.started() != null)
                            .map(RunStore.StartResult::started).toList();
                    assertThat(winners).as("round %d", round).hasSizeLessThanOrEqualTo(1);
                    assertThat(runs.recent(sync, 10)).extracting(Run::id).isEqualTo(winners.stream().map(Run::id).toList());
                    if (!winners.isEmpty()) {
                        roundsWithAWinner++;
                        assertThat(lockRows(sync)).as("round %d", round).isEqualTo(1);
                    }
                }
            }
            assertThat(roundsWithAWinner).as("rounds in which one replica won").isPositive();
        } finally {
            replicaWarehouses.forEach(Warehouse::close);
        }
    }

    private static RunStore.StartResult start(RunStore store, String sync, String runId, Instant now) {
        return store.start(sync, runId, Trigger.API, "test-instance", now, now.minus(STALE));
    }

    private static int lockRows(String sync) {
        return warehouse.callBlocking("counting lock rows", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sluice.run_locks WHERE sync_id = '" + sync + "'")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static void exec(Warehouse w, String... statements) {
        w.callBlocking("test setup", c -> {
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
            return null;
        });
    }
}
