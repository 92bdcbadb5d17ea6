package io.sluice.engine;

import io.sluice.plugin.AppConnection;
import io.sluice.state.ApplyState;
import io.sluice.state.EngineSchema;
import io.sluice.state.RecordStateStore;
import io.sluice.state.Run;
import io.sluice.state.RunStore;
import io.sluice.state.StateCommitter;
import io.sluice.state.Trigger;
import io.sluice.sync.SyncDefinition;
import io.sluice.sync.SyncFileParser;
import io.sluice.warehouse.Migrator;
import io.sluice.warehouse.Warehouse;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs syncs through the real pipeline (staging SQL, paging, dispatch, window commits, run store) against a
 * real warehouse, without the HTTP layer. Shared by the per-warehouse behaviour suites.
 */
public final class EngineHarness {
    public final Warehouse warehouse;
    public final Clock clock;
    public final RunStore runs;
    public final StateCommitter committer;
    public final RecordStateStore state;
    private final EngineConfig config;
    private final Duration runTimeout;

    public EngineHarness(Warehouse warehouse, Clock clock, EngineConfig config) {
        this(warehouse, clock, config, Duration.ofMinutes(2));
    }

    /** @param runTimeout how long {@link #run} waits for a run to end (a remote warehouse answers each statement slower) */
    public EngineHarness(Warehouse warehouse, Clock clock, EngineConfig config, Duration runTimeout) {
        this.warehouse = warehouse;
        this.clock = clock;
        this.config = config;
        this.runTimeout = runTimeout;
        Migrator.migrate(warehouse, EngineSchema.migrations(warehouse), clock);
        this.runs = new RunStore(warehouse);
        this.committer = new StateCommitter(warehouse, clock);
        this.state = new RecordStateStore(warehouse);
    }

    public static SyncDefinition sync(String yaml) {
        return new SyncFileParser(Duration.ofHours(4)).parse("test.yaml", yaml);
    }

    /** Starts and runs to the end; fails the test if the lock is held. */
    public Run run(SyncDefinition sync, AppConnection app) {
        return start(sync, app).execute().await().atMost(runTimeout);
    }

    /** Starts and runs to the end with a listener hearing it (the sync's health read before and after). */
    public Run run(SyncDefinition sync, AppConnection app, RunListener listener) {
        return start(sync, app, new RunPipeline.Observed(listener, state, Duration.ZERO)).execute().await().atMost(runTimeout);
    }

    /** Takes the lock and builds the pipeline, without running it. */
    public RunPipeline start(SyncDefinition sync, AppConnection app) {
        return start(sync, app, new RunPipeline.Observed(RunListener.NO_OP, state, Duration.ZERO));
    }

    /** Takes the lock and builds the pipeline with a listener hearing it, without running it. */
    public RunPipeline start(SyncDefinition sync, AppConnection app, RunListener listener) {
        return start(sync, app, new RunPipeline.Observed(listener, state, Duration.ZERO));
    }

    private RunPipeline start(SyncDefinition sync, AppConnection app, RunPipeline.Observed observed) {
        RunStore.StartResult started = runs.start(sync.slug(), RunIds.next(clock), Trigger.API, "test", clock.instant(),
                clock.instant().minus(config.lockStaleAfter()));
        if (started.started() == null) {
            throw new AssertionError("sync '" + sync.slug() + "' is locked by run " + started.activeRunId());
        }
        return new RunPipeline(RunContext.of(sync, warehouse, started.started(), config, clock), app, runs, committer, observed);
    }

    /** How long a test waits for one run to end. */
    public Duration runTimeout() {
        return runTimeout;
    }

    public void sql(String... statements) {
        warehouse.callBlocking("test setup", c -> {
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
            return null;
        });
    }

    public List<Map<String, Object>> query(String sql) {
        return warehouse.callBlocking("test query", c -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i).toLowerCase(), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        });
    }

    /** The record state row of one identifier. */
    public Optional<Map<String, Object>> stateOf(String slug, String identifier) {
        return query("SELECT * FROM " + warehouse.engineTable("record_state") + " WHERE sync_id = '" + slug + "' AND identifier = '"
                + identifier + "'").stream().findFirst();
    }

    public ApplyState applyState(String slug, String identifier) {
        return stateOf(slug, identifier).map(r -> ApplyState.valueOf((String) r.get("apply_state"))).orElse(null);
    }

    public List<Map<String, Object>> history(String slug, String identifier) {
        return query("SELECT * FROM " + warehouse.engineTable("record_history") + " WHERE sync_id = '" + slug + "' AND identifier = '"
                + identifier + "' ORDER BY recorded_at, run_id");
    }

    public long historyCount(String runId) {
        return ((Number) query("SELECT COUNT(*) AS n FROM " + warehouse.engineTable("record_history") + " WHERE run_id = '" + runId + "'")
                .get(0).get("n")).longValue();
    }

    /** Engine settings for tests: small pages and windows so that paging and windowing are exercised. */
    public static EngineConfig config(int pageSize, int commitSize, int batchSize, int concurrency) {
        return config(pageSize, commitSize, batchSize, concurrency, Duration.ofSeconds(30));
    }

    /** @param progressLogInterval how often an active run logs its progress */
    public static EngineConfig config(int pageSize, int commitSize, int batchSize, int concurrency, Duration progressLogInterval) {
        return config(pageSize, commitSize, batchSize, concurrency, progressLogInterval, Duration.ofMillis(10));
    }

    /** @param transientRetryDelay the wait before a transient record is sent again */
    public static EngineConfig config(int pageSize, int commitSize, int batchSize, int concurrency, Duration progressLogInterval,
                                      Duration transientRetryDelay) {
        return new EngineConfig() {
            public int pageSize() {
                return pageSize;
            }

            public int commitSize() {
                return commitSize;
            }

            public Duration commitInterval() {
                return Duration.ofSeconds(30);
            }

            public int concurrency() {
                return concurrency;
            }

            public int batchSize() {
                return batchSize;
            }

            public Duration heartbeatInterval() {
                return Duration.ofSeconds(5);
            }

            public Duration lockStaleAfter() {
                return Duration.ofMinutes(2);
            }

            public Duration progressLogInterval() {
                return progressLogInterval;
            }

            public Duration finishRetryFor() {
                return Duration.ofMinutes(2);
            }

            public int transientRetries() {
                return 2;
            }

            public Duration transientRetryDelay() {
                return transientRetryDelay;
            }

            public Optional<String> instanceId() {
                return Optional.of("test");
            }
        };
    }
}
