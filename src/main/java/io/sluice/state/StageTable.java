package io.sluice.state;

import io.sluice.plan.StageKind;
import io.sluice.plan.StagingPlan;
import io.sluice.plan.StagingPlanner;
import io.sluice.plugin.Action;
import io.sluice.sync.SyncDefinition;
import io.sluice.warehouse.Warehouse;
import io.smallrye.mutiny.Uni;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The stage table of one run or one preview, and the only code that touches it: it creates it (the {@link StagingPlanner}
 * plan's {@code CREATE TABLE ... AS}), counts it, reads it back a page of {@code seq} at a time and drops it. The engine
 * holds one per run ({@link #forRun}) or preview ({@link #forPreview}) and so never sees JDBC; {@link StateCommitter}
 * joins it by {@link #name()}. A run's stage comes with the run's outcome table ({@link #outcomeName()}), created and
 * dropped with it.
 */
public final class StageTable {
    private static final Logger LOG = Logger.getLogger(StageTable.class);

    private final Warehouse warehouse;
    private final SyncDefinition sync;
    private final StagingPlan plan;
    /** The run's outcome table (bare name in the engine schema); null for a preview, which commits nothing. */
    private final String outcomeName;

    private StageTable(Warehouse warehouse, SyncDefinition sync, String table, int pageSize, String outcomeName) {
        this.warehouse = warehouse;
        this.sync = sync;
        this.plan = StagingPlanner.plan(sync, warehouse.dialect(), warehouse.engineTable("record_state"), table, pageSize);
        this.outcomeName = outcomeName;
    }

    /** The stage of run {@code runId}, read back {@code pageSize} records at a time. */
    public static StageTable forRun(Warehouse warehouse, SyncDefinition sync, String runId, int pageSize) {
        String key = runId.replace("-", "");
        return new StageTable(warehouse, sync, warehouse.engineTable("stage_" + key), pageSize, "outcome_" + key);
    }

    /**
     * A preview's own stage, under a name of its own, so an active run keeps its stage undisturbed; its first page holds
     * {@code sample} records.
     */
    public static StageTable forPreview(Warehouse warehouse, SyncDefinition sync, int sample) {
        String table = warehouse.engineTable("preview_" + UUID.randomUUID().toString().replace("-", ""));
        return new StageTable(warehouse, sync, table, Math.max(1, sample), null);
    }

    /** The stage's qualified name, for statements that join it ({@link StateCommitter}). */
    public String name() {
        return plan.stageTable();
    }

    /** The run's outcome table, by its bare name in the engine schema (as {@link StateCommitter} takes it). */
    public String outcomeName() {
        return outcomeName;
    }

    /**
     * Stages a run: replaces what an earlier attempt left, creates the stage, its index and the run's outcome table,
     * counts the stage and records the count on the run, all in one transaction. A source with NULL identifiers is
     * refused ({@link NullIdentifiers}) and the transaction rolled back.
     *
     * @return how many records were staged
     */
    public Uni<Long> stageRun(StateCommitter committer, RunStore runs, String runId) {
        return warehouse.call("staging sync '" + sync.slug() + "'", c -> {
            try (Statement s = c.createStatement()) {
                for (String sql : plan.drop()) {
                    s.execute(sql);
                }
                s.execute(warehouse.dialect().dropTableIfExists(warehouse.engineTable(outcomeName)));
                for (String sql : plan.create()) {
                    s.execute(sql);
                }
                s.execute(committer.createOutcomeTable(outcomeName));
            }
            long staged = 0;
            long nullIds = 0;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT kind, COUNT(*), SUM(dup_count) FROM " + name() + " GROUP BY kind")) {
                while (rs.next()) {
                    staged += rs.getLong(2);
                    if ("NULL_ID".equals(rs.getString(1))) {
                        nullIds = rs.getLong(3);
                    }
                }
            }
            if (nullIds > 0) {
                throw new NullIdentifiers(nullIds);
            }
            runs.recordStaged(c, runId, staged);
            return staged;
        });
    }

    /** The staged records after {@code afterSeq}, one page of them, in {@code seq} order (keyset paging). */
    public Uni<List<StagedRecord>> page(long afterSeq) {
        return warehouse.call("reading staged records after #" + afterSeq, c -> pageOf(c, afterSeq));
    }

    /**
     * A preview: creates the stage, counts it per kind, action and reason, reads its first page when {@code withSample},
     * and drops it again, whether it succeeded, failed or its caller went away.
     */
    public Uni<Summary> summarise(boolean withSample) {
        return warehouse.call("previewing sync '" + sync.slug() + "'", c -> {
                    boolean created = false;
                    try {
                        try (Statement s = c.createStatement()) {
                            for (String sql : plan.create()) {
                                s.execute(sql);
                                created = true;
                            }
                        }
                        return new Summary(groups(c), withSample ? firstPage(c) : List.of());
                    } finally {
                        // here too, not only below: a caller that goes away cancels the Uni, not this statement
                        if (created) {
                            try (Statement s = c.createStatement()) {
                                for (String sql : plan.drop()) {
                                    s.execute(sql);
                                }
                            } catch (SQLException e) {
                                LOG.debugf("preview of sync '%s': %s is dropped after the call instead: %s", sync.slug(), name(), e.getMessage());
                            }
                        }
                    }
                })
                .eventually(() -> drop("dropping the preview stage of sync '" + sync.slug() + "'")
                        .onFailure().invoke(e -> LOG.warnf("preview of sync '%s': could not drop %s: %s", sync.slug(), name(), e.getMessage()))
                        .onFailure().recoverWithNull());
    }

    /** Drops the stage and, for a run, its outcome table; {@code what} names the work in errors. */
    public Uni<Void> drop(String what) {
        return warehouse.call(what, c -> {
            try (Statement s = c.createStatement()) {
                for (String sql : plan.drop()) {
                    s.execute(sql);
                }
                if (outcomeName != null) {
                    s.execute(warehouse.dialect().dropTableIfExists(warehouse.engineTable(outcomeName)));
                }
            }
            return null;
        }).replaceWithVoid();
    }

    private List<Group> groups(Connection c) throws SQLException {
        List<Group> groups = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT kind, action, apply_reason, COUNT(*) AS n, "
                + "SUM(dup_count) AS rows_in_source FROM " + name() + " GROUP BY kind, action, apply_reason")) {
            while (rs.next()) {
                String action = rs.getString("action");
                groups.add(new Group(StageKind.valueOf(rs.getString("kind")), action == null ? null : Action.valueOf(action),
                        ApplyReason.valueOf(rs.getString("apply_reason")), rs.getLong("n"), rs.getLong("rows_in_source")));
            }
        }
        return groups;
    }

    private List<StagedRecord> pageOf(Connection c, long afterSeq) throws SQLException {
        List<StagedRecord> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(plan.pageQuery())) {
            p.setLong(1, afterSeq);
            p.setLong(2, plan.pageEnd(afterSeq));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    private List<StagedRecord> firstPage(Connection c) throws SQLException {
        List<StagedRecord> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(plan.firstPageQuery())) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    /**
     * Reads columns by position, fixed once from the page query's column list: a lookup by name scans the result's
     * columns on every call, ten times a row (7 % of a first run's Java time, docs/benchmarks.md, issue 16).
     */
    private static StagedRecord row(ResultSet rs) throws SQLException {
        String action = rs.getString(COL_ACTION);
        return new StagedRecord(rs.getLong(COL_SEQ), rs.getString(COL_IDENTIFIER), StageKind.valueOf(rs.getString(COL_KIND)),
                action == null ? null : Action.valueOf(action), ApplyReason.valueOf(rs.getString(COL_APPLY_REASON)),
                rs.getObject(COL_PRESENT) != null, rs.getString(COL_RECORD), rs.getLong(COL_DUP_COUNT),
                rs.getString(COL_PREV_APP_IDENTIFIER), rs.getString(COL_PREV_RECORD));
    }

    private static final int COL_SEQ = pageColumn("seq");
    private static final int COL_IDENTIFIER = pageColumn("identifier");
    private static final int COL_KIND = pageColumn("kind");
    private static final int COL_ACTION = pageColumn("action");
    private static final int COL_APPLY_REASON = pageColumn("apply_reason");
    private static final int COL_PRESENT = pageColumn("present");
    private static final int COL_RECORD = pageColumn("record");
    private static final int COL_DUP_COUNT = pageColumn("dup_count");
    private static final int COL_PREV_APP_IDENTIFIER = pageColumn("prev_app_identifier");
    private static final int COL_PREV_RECORD = pageColumn("prev_record");

    /** The 1-based position of {@code name} in every page query ({@link StagingPlanner#PAGE_COLUMNS}). */
    private static int pageColumn(String name) {
        int index = StagingPlanner.PAGE_COLUMNS.indexOf(name);
        if (index < 0) {
            throw new IllegalStateException("the page query has no column " + name);
        }
        return index + 1;
    }

    /** Staged records with the same kind, action and reason: how many, and how many source rows they stand for. */
    public record Group(StageKind kind, Action action, ApplyReason reason, long records, long sourceRows) {
    }

    /** What a preview staged: its groups, and its first page when a sample was asked for. */
    public record Summary(List<Group> groups, List<StagedRecord> firstPage) {
    }

    /** A source with NULL identifiers: nothing was staged, nothing is sent. */
    public static final class NullIdentifiers extends RuntimeException {
        private final long rows;

        NullIdentifiers(long rows) {
            super(rows + " source row(s) with a NULL identifier");
            this.rows = rows;
        }

        /** How many source rows have a NULL identifier. */
        public long rows() {
            return rows;
        }
    }
}
