package io.sluice.plan;

import io.sluice.plugin.Action;
import io.sluice.plugin.Strategy;
import io.sluice.sync.SyncDefinition;
import io.sluice.warehouse.Dialect;
import io.sluice.warehouse.SqlNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;

/**
 * Builds the one set-based statement that finds, inside the warehouse, the records of a sync that need
 * something this run: it reads the source through the mapping, hashes each transformed record, joins it
 * with record state (FULL OUTER JOIN, so records that left the source show up) and keeps only rows with an
 * action or a state change, each with its action and apply reason. Pure: no I/O.
 */
public final class StagingPlanner {
    /** Columns of the stage table, in order. */
    public static final List<String> STAGE_COLUMNS = List.of("seq", "identifier", "kind", "action", "apply_reason", "present",
            "record", "record_hash", "dup_count", "prev_app_identifier", "prev_record", "prev_hash", "prev_attempted_hash",
            "prev_state", "prev_failure_count");

    /**
     * The columns a page reads back: what a {@code StagedRecord} holds. The others (hashes, previous state) serve the
     * commit's SQL inside the warehouse only. Every column read costs the driver a conversion per row: on DuckDB,
     * reading these ten instead of all fifteen made a million-row page read about a fifth faster (docs/benchmarks.md, issue 16).
     */
    public static final List<String> PAGE_COLUMNS = List.of("seq", "identifier", "kind", "action", "apply_reason", "present",
            "record", "dup_count", "prev_app_identifier", "prev_record");

    private static final Set<String> LITERAL_WORDS = Set.of("null", "true", "false");
    private static final String PENDING_STATES = "('DESTINATION_FAILURE', 'SOURCE_FAILURE', 'DELAYED', 'RESYNC_REQUESTED')";

    private StagingPlanner() {
    }

    /**
     * @param stateTable qualified record state table
     * @param stageTable qualified name for this run's stage table
     * @param pageSize   rows per page when streaming the stage back
     */
    public static StagingPlan plan(SyncDefinition sync, Dialect d, String stateTable, String stageTable, int pageSize) {
        if (d.numbersStageByRowId()) {
            // the rows table holds the staged rows in identifier order, and the view numbers them by row id: no window
            // over the whole stage (docs/benchmarks.md, issue 16); seq then starts at 0, which StagingPlan.BEFORE_FIRST precedes
            String rows = rowsTableOf(stageTable);
            String columns = String.join(", ", STAGE_COLUMNS.subList(1, STAGE_COLUMNS.size()));
            List<String> create = List.of(d.createTableAs(rows, diffSelect(sync, d, stateTable, false)),
                    "CREATE VIEW " + stageTable + " AS SELECT rowid AS seq, " + columns + " FROM " + rows);
            return new StagingPlan(create, List.of("DROP VIEW IF EXISTS " + stageTable, d.dropTableIfExists(rows)), pageSize, stageTable);
        }
        List<String> create = new ArrayList<>(List.of(d.createTableAs(stageTable, diffSelect(sync, d, stateTable, true))));
        d.createIndex(stageIndexName(stageTable), stageTable, "seq").ifPresent(create::add);
        d.analyze(stageTable).ifPresent(create::add);
        return new StagingPlan(List.copyOf(create), List.of(d.dropTableIfExists(stageTable)), pageSize, stageTable);
    }

    /** The table under a stage numbered by row id: the stage's name with {@code _rows} appended (quoted or not). */
    static String rowsTableOf(String stageTable) {
        return stageTable.endsWith("\"") ? stageTable.substring(0, stageTable.length() - 1) + "_rows\"" : stageTable + "_rows";
    }

    /**
     * @param numbered whether the select numbers its rows ({@code seq}, by {@code ROW_NUMBER()} in identifier order);
     *                 without, it has every stage column but {@code seq}, in identifier order
     */
    static String diffSelect(SyncDefinition sync, Dialect d, String stateTable, boolean numbered) {
        String recordText = recordExpression(sync, d);
        String hashInput = sync.usesTemplate() ? "record || '" + templateFingerprint(sync.template()) + "'" : "record";
        String source = sourceRelation(sync, d);
        String filter = filterClause(sync);
        // Costs that grow with the source, kept to what the diff needs (docs/benchmarks.md has the profiles):
        // duplicates are found on identifiers alone, and only duplicated identifiers are grouped with their records
        // (MIN(record) picks the one kept), since grouping every record copies each into the aggregate; the diff
        // joins the narrow state columns it compares, and the wide ones (the last applied record) are read once
        // more at the end for the staged rows only.
        return "WITH src AS (\n"
                + "  SELECT " + d.castToText(d.quote(sync.source().idColumn())) + " AS identifier, " + recordText + " AS record\n"
                + "  FROM " + source + " AS source_rows" + filter + "\n"
                + "),\n"
                + "dups AS (\n"
                + "  SELECT identifier, COUNT(*) AS dup_count FROM src GROUP BY identifier HAVING COUNT(*) > 1\n"
                + "),\n"
                + "cur AS (\n"
                + "  SELECT identifier, record, " + d.md5(hashInput) + " AS record_hash, dup_count, 1 AS present FROM (\n"
                + "    SELECT src.identifier, src.record, 1 AS dup_count FROM src LEFT JOIN dups ON src.identifier = dups.identifier\n"
                + "    WHERE dups.identifier IS NULL\n"
                + "    UNION ALL\n"
                + "    SELECT src.identifier, MIN(src.record) AS record, MIN(dups.dup_count) AS dup_count\n"
                + "    FROM src JOIN dups ON src.identifier = dups.identifier GROUP BY src.identifier\n"
                + "  ) AS grouped\n"
                + "),\n"
                + "st AS (\n"
                + "  SELECT identifier, applied_hash, attempted_hash, apply_state\n"
                + "  FROM " + stateTable + " WHERE sync_id = '" + sync.slug() + "'\n"
                + "),\n"
                + "joined AS (\n"
                + "  SELECT COALESCE(cur.identifier, st.identifier) AS identifier, cur.present, cur.record, cur.record_hash, cur.dup_count,\n"
                + "    st.applied_hash AS prev_hash, st.attempted_hash AS prev_attempted_hash, st.apply_state AS prev_state,\n"
                + "    CASE WHEN cur.present IS NULL AND st.applied_hash IS NULL THEN 'NEVER_APPLIED'\n"
                + "         WHEN cur.present IS NULL THEN 'GONE' WHEN st.applied_hash IS NULL THEN 'NEW'\n"
                + "         WHEN cur.record_hash <> st.applied_hash THEN 'CHANGED' ELSE 'UNCHANGED' END AS situation\n"
                + "  FROM cur FULL OUTER JOIN st ON cur.identifier = st.identifier\n"
                + "  WHERE st.apply_state IS NULL OR (st.apply_state <> 'SKIPPED_ALWAYS' AND NOT (st.apply_state = 'SKIPPED_ONCE'\n"
                + "    AND COALESCE(cur.record_hash, '') = COALESCE(st.attempted_hash, '')))\n"
                + "),\n"
                + "decided AS (\n"
                + "  SELECT joined.*, " + actionCase(sync.strategy()) + " AS action FROM joined\n"
                + "),\n"
                + "classified AS (\n"
                + "  SELECT decided.*,\n"
                + "    CASE WHEN present = 1 AND identifier IS NULL THEN 'NULL_ID'\n"
                + "         WHEN present = 1 AND dup_count > 1 THEN 'DUPLICATE'\n"
                + "         WHEN action IS NOT NULL THEN 'SEND'\n"
                + "         WHEN present IS NULL AND prev_hash IS NULL THEN 'DROP'\n"
                + "         WHEN prev_state IN " + PENDING_STATES + " THEN 'RESOLVE'\n"
                + "         ELSE NULL END AS kind,\n"
                + "    CASE WHEN prev_state = 'RESYNC_REQUESTED' THEN 'RESYNC_REQUESTED'\n"
                + "         WHEN prev_state IN ('DESTINATION_FAILURE', 'SOURCE_FAILURE') THEN 'PREVIOUSLY_FAILED'\n"
                + "         ELSE 'CHANGE_CRITERIA_MET' END AS apply_reason\n"
                + "  FROM decided\n"
                + "),\n"
                + "staged AS (\n"
                + "  SELECT * FROM classified WHERE kind IS NOT NULL\n"
                + ")\n"
                // numbered in identifier order: commit windows then touch narrow identifier ranges of record state, which
                // keeps their MERGE cheap where the warehouse prunes by min/max (DuckDB's zone maps)
                + "SELECT " + (numbered ? "ROW_NUMBER() OVER (ORDER BY staged.identifier) AS seq, " : "") + "staged.identifier, staged.kind, staged.action,\n"
                + "  staged.apply_reason, staged.present, staged.record, staged.record_hash, staged.dup_count,\n"
                + "  prior_state.app_identifier AS prev_app_identifier, prior_state.applied_record AS prev_record, staged.prev_hash,\n"
                + "  staged.prev_attempted_hash, staged.prev_state, prior_state.failure_count AS prev_failure_count\n"
                + "FROM staged LEFT JOIN " + stateTable + " prior_state ON prior_state.sync_id = '" + sync.slug() + "' AND prior_state.identifier = staged.identifier\n"
                // the order the numbering already sorted by, not "ORDER BY seq": PostgreSQL cannot tell that the window's
                // output is in seq order and sorted the whole stage a second time (35 s of a 10M first run's 183 s,
                // docs/benchmarks.md, issue 16); seq follows the identifier, so the rows land in seq order either way
                + "ORDER BY staged.identifier";
    }

    /**
     * A query that evaluates one mapped field over every source row (and nothing else), used to name the field
     * when the staging statement fails: {@code MAX(LENGTH(...))} forces the expression on each row.
     */
    public static String fieldProbe(SyncDefinition sync, Dialect d, String field) {
        String expr = sync.mapping().get(field);
        String one = d.recordJson(List.of(new Dialect.MappedField(field, columnOrExpression(expr, d))));
        return "SELECT MAX(LENGTH(" + one + ")) FROM " + sourceRelation(sync, d) + " AS source_rows" + filterClause(sync);
    }

    static String sourceRelation(SyncDefinition sync, Dialect d) {
        return sync.source().table() != null ? SqlNames.quoteQualified(d, sync.source().table()) : "(" + sync.source().query() + ")";
    }

    static String filterClause(SyncDefinition sync) {
        return sync.source().filter() == null ? "" : "\n  WHERE (" + sync.source().filter() + ")";
    }

    /** The transformed record's JSON text: the mapping's fields, or the columns a template reads. */
    public static String recordExpression(SyncDefinition sync, Dialect d) {
        if (!sync.usesTemplate()) {
            return d.recordJson(sync.mapping().entrySet().stream()
                    .map(e -> new Dialect.MappedField(e.getKey(), columnOrExpression(e.getValue(), d)))
                    .toList());
        }
        Optional<SortedSet<String>> columns = TemplateColumns.referencedColumns(sync.template());
        if (columns.isEmpty() || columns.get().isEmpty()) {
            return d.rowJson("source_rows");
        }
        return d.recordJson(columns.get().stream().map(c -> new Dialect.MappedField(c, d.quote(c))).toList());
    }

    /** A plain name is a column (quoted, so reserved words and case work); anything else is the user's SQL. */
    static String columnOrExpression(String value, Dialect d) {
        return SqlNames.isIdentifier(value) && !LITERAL_WORDS.contains(value.toLowerCase()) ? d.quote(value) : value;
    }

    static String actionCase(Strategy strategy) {
        StringBuilder sb = new StringBuilder("CASE");
        sb.append(" WHEN present = 1 AND prev_state = 'RESYNC_REQUESTED' THEN CASE WHEN prev_hash IS NULL THEN ")
                .append(literal(StrategyRules.resyncAction(strategy, false))).append(" ELSE ")
                .append(literal(StrategyRules.resyncAction(strategy, true))).append(" END");
        for (Situation s : Situation.values()) {
            Optional<Action> a = StrategyRules.actionFor(strategy, s);
            if (a.isPresent()) {
                sb.append(" WHEN situation = '").append(s.name()).append("' THEN ").append(literal(a.get()));
            }
        }
        return sb.append(" ELSE NULL END").toString();
    }

    private static String literal(Action a) {
        return "'" + a.name() + "'";
    }

    private static String stageIndexName(String stageTable) {
        String bare = stageTable.substring(stageTable.lastIndexOf('.') + 1).replace("\"", "");
        return bare + "_seq";
    }

    /** A short fingerprint of the template text: editing the template changes every record's hash. */
    static String templateFingerprint(String template) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(template.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

}
