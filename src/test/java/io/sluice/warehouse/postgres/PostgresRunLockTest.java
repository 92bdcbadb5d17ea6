package io.sluice.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.state.Health;
import io.sluice.state.Run;
import io.sluice.state.RunCounts;
import io.sluice.state.RunState;
import io.sluice.state.RunStore;
import io.sluice.state.RunStore.StartResult;
import io.sluice.state.Trigger;
import io.sluice.testing.LockRace;
import io.sluice.testing.PostgresServer;
import io.sluice.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one-active-run lock on PostgreSQL, including replicas racing for it. */
class PostgresRunLockTest {
    private static final String DATABASE = "run_lock_test";
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    private static final Duration STALE = Duration.ofMinutes(5);

    private static Warehouse warehouse;
    private static RunStore runs;

    @BeforeAll
    static void openWarehouse() {
        warehouse = PostgresWarehouses.openMigrated(DATABASE);
        runs = new RunStore(warehouse);
    }

    @AfterAll
    static void closeWarehouse() {
        warehouse.close();
    }

    @Test
    void aSecondStartGetsTheActiveRunAndAStartAfterFinishSucceeds() {
        StartResult first = start(runs, "contacts", "run-1", T0);
        StartResult second = start(runs, "contacts", "run-2", T0.plusSeconds(1));

        assertThat(first.started()).isNotNull();
        assertThat(first.started().state()).isEqualTo(RunState.RUNNING);
        assertThat(second.started()).isNull();
        assertThat(second.activeRunId()).isEqualTo("run-1");
        assertThat(runs.find("run-2")).isEmpty();
        assertThat(start(runs, "accounts", "run-other", T0).started()).as("another sync has its own lock").isNotNull();

        Run finished = runs.finish(first.started(), RunState.COMPLETED, Health.HEALTHY, T0.plusSeconds(2), null, new RunCounts(), java.util.Map.of());
        assertThat(finished.state()).isEqualTo(RunState.COMPLETED);
        assertThat(finished.endedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(finished.startedAt()).isEqualTo(T0);

        StartResult third = start(runs, "contacts", "run-3", T0.plusSeconds(3));
        assertThat(third.started()).isNotNull();
        assertThat(third.started().id()).isEqualTo("run-3");
    }

    @Test
    void aStaleLockIsTakenOverAndItsRunMarkedAbandoned() {
        assertThat(start(runs, "stale", "run-dead", T0).started()).isNotNull();

        // within the stale limit the lock holds
        assertThat(start(runs, "stale", "run-early", T0.plus(STALE).minusSeconds(1)).activeRunId()).isEqualTo("run-dead");

        StartResult takeover = start(runs, "stale", "run-new", T0.plus(STALE).plusSeconds(1));

        assertThat(takeover.started()).isNotNull();
        Run dead = runs.find("run-dead").orElseThrow();
        assertThat(dead.state()).isEqualTo(RunState.FAILED);
        assertThat(dead.health()).isEqualTo(Health.FAILED);
        assertThat(dead.endedAt()).isEqualTo(T0.plus(STALE).plusSeconds(1));
        assertThat(dead.globalError()).startsWith("abandoned:");
        assertThat(runs.recent("stale", 10)).extracting(Run::id).containsExactly("run-new", "run-dead");
        // the API's cursor: the runs that started before the given one
        assertThat(runs.recent("stale", "run-new", 10)).extracting(Run::id).containsExactly("run-dead");
        assertThat(runs.recent("stale", "run-dead", 10)).isEmpty();
    }

    @Test
    void aHeartbeatKeepsTheLockAndCarriesTheCancelFlag() {
        assertThat(start(runs, "beating", "run-alive", T0).started()).isNotNull();
        assertThat(runs.heartbeat("beating", "run-alive", T0.plus(STALE))).isFalse();

        assertThat(start(runs, "beating", "run-b", T0.plus(STALE).plusSeconds(1)).activeRunId()).isEqualTo("run-alive");

        assertThat(runs.requestCancel("run-alive", T0.plus(STALE).plusSeconds(2))).isTrue();
        assertThat(runs.heartbeat("beating", "run-alive", T0.plus(STALE).plusSeconds(3))).isTrue();
    }

    /**
     * Drives the unique-violation path on purpose: another transaction has inserted the lock but not committed,
     * so our start passes its NOT EXISTS check, blocks on the primary key and fails with 23505 once the other
     * commits. In PostgreSQL that aborts the transaction; the store must roll back and report the holder.
     */
    @Test
    void aStartLosingOnTheUniqueKeyReportsTheWinner() throws Exception {
        try (Connection other = DriverManager.getConnection(PostgresServer.jdbcUrl(DATABASE), PostgresServer.USER, "")) {
            other.setAutoCommit(false);
            try (PreparedStatement p = other.prepareStatement("INSERT INTO sluice.run_locks (sync_id, run_id, instance_id, heartbeat_at) "
                    + "VALUES ('race', 'run-winner', 'replica-b', ?)")) {
                p.setObject(1, OffsetDateTime.ofInstant(T0, ZoneOffset.UTC));
                p.executeUpdate();
            }
            CompletableFuture<StartResult> loser = CompletableFuture.supplyAsync(() -> start(runs, "race", "run-loser", T0));
            awaitBlockedOnLock(loser);
            other.commit();

            StartResult result = loser.get(30, TimeUnit.SECONDS);
            assertThat(result.started()).isNull();
            assertThat(result.activeRunId()).isEqualTo("run-winner");
        }
        assertThat(runs.find("run-loser")).isEmpty();
        assertThat(start(runs, "race", "run-later", T0.plusSeconds(1)).activeRunId()).as("the pool's connection is usable again")
                .isEqualTo("run-winner");
    }

    @Test
    void replicasRacingForTheSameSyncLetExactlyOneWin() throws Exception {
        int replicas = 4;
        List<Warehouse> replicaWarehouses = new ArrayList<>();
        try {
            List<RunStore> stores = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                Warehouse w = PostgresWarehouses.connect(DATABASE, "sluice");
                replicaWarehouses.add(w);
                stores.add(new RunStore(w));
                start(stores.get(i), "warmup-" + i, "warmup-" + i, T0); // opens each pool's connection before the race
            }
            try (LockRace race = new LockRace(stores, Duration.ofSeconds(30))) {
                for (int round = 0; round < 15; round++) {
                    String sync = "raced-" + round;
                    List<StartResult> outcomes = race.round(sync, T0, STALE);

                    List<Run> winners = outcomes.stream().filter(r -> r.started() != null).map(StartResult::started).toList();
                    assertThat(winners).as("round %d", round).hasSize(1);
                    String winner = winners.get(0).id();
                    assertThat(outcomes).filteredOn(r -> r.started() == null).extracting(StartResult::activeRunId).containsOnly(winner);
                    assertThat(runs.recent(sync, 10)).extracting(Run::id).containsExactly(winner);
                }
            }
        } finally {
            replicaWarehouses.forEach(Warehouse::close);
        }
    }

    private static StartResult start(RunStore store, String sync, String runId, Instant now) {
        return store.start(sync, runId, Trigger.API, "test-instance", now, now.minus(STALE));
    }

    private static void awaitBlockedOnLock(CompletableFuture<?> waiter) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (Connection c = DriverManager.getConnection(PostgresServer.jdbcUrl(DATABASE), PostgresServer.USER, "");
             PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                     + "AND wait_event_type = 'Lock'")) {
            while (System.nanoTime() < deadline && !waiter.isDone()) {
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the start never blocked on the other transaction's lock row" + (waiter.isDone() ? ": " + waiter.get() : ""));
    }
}
