package io.sluice.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * What differs between warehouses. The statements the engine runs (staging diff, state merge, history
 * append, run lock) are written once in {@code plan} and {@code state} from these pieces, so a dialect stays
 * small. Implementations are stateless and thread-safe; {@link DialectResolver} picks one per JDBC URL.
 */
public interface Dialect {

    /** Short name shown in messages and config ({@code duckdb}, {@code postgres}, {@code snowflake}). */
    String name();

    /** Whether this dialect serves the given JDBC URL. */
    boolean accepts(String jdbcUrl);

    /**
     * Checks and completes the JDBC driver properties ({@code user}, {@code password} and
     * {@code sluice.warehouses.<name>.properties.*}) once, when the warehouse is opened, so that a missing or
     * conflicting setting fails at start with the key named. Messages name keys, never values: properties hold
     * secrets. The default accepts them as given.
     *
     * @return the properties to connect with (the given object or a completed copy)
     */
    default Properties connectionProperties(String warehouse, String jdbcUrl, Properties given) {
        return given;
    }

    /** Quotes one identifier (schema, table or column name) for this warehouse. */
    default String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Text column type able to hold JSON documents of any length. */
    String textType();

    /** Timestamp-with-time-zone column type. Default: {@code TIMESTAMPTZ}. */
    default String timestampType() {
        return "TIMESTAMPTZ";
    }

    /** A string constant holding {@code s}. Default: single quotes, a quote doubled. */
    default String stringLiteral(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** 64-bit integer column type. */
    default String bigintType() {
        return "BIGINT";
    }

    /** Boolean column type. */
    default String booleanType() {
        return "BOOLEAN";
    }

    /** Casts an expression to text (identifiers are compared as text). */
    default String castToText(String expr) {
        return "CAST(" + expr + " AS " + textType() + ")";
    }

    /**
     * The transformed record as canonical JSON text: a JSON object with the given fields (already sorted by
     * name), each a SQL expression over the source row. The same values must give the same text on every
     * run, because its hash decides what changed.
     */
    String recordJson(List<MappedField> fields);

    /** The whole source row {@code alias} as canonical JSON text (for templates that read unknown columns). */
    String rowJson(String alias);

    /** Hex MD5 of a text expression. */
    default String md5(String textExpr) {
        return "MD5(" + textExpr + ")";
    }

    /** {@code CREATE TABLE name AS select}; Snowflake makes it transient. */
    default String createTableAs(String qualifiedTable, String select) {
        return "CREATE TABLE " + qualifiedTable + " AS " + select;
    }

    default String dropTableIfExists(String qualifiedTable) {
        return "DROP TABLE IF EXISTS " + qualifiedTable;
    }

    default String createSchemaIfNotExists(String schema) {
        return "CREATE SCHEMA IF NOT EXISTS " + quote(schema);
    }

    /** Appends {@code LIMIT n} to a query (all three warehouses share it; a dialect may differ). */
    default String limit(String select, int n) {
        return select + " LIMIT " + n;
    }

    /**
     * Inserts rows into a table of the engine schema inside the caller's transaction, as fast as the warehouse
     * allows. Values are {@link Long} or {@link String} (or null). Default: multi-row {@code INSERT ... VALUES}
     * in chunks of {@value #ROWS_PER_INSERT}; DuckDB uses its appender.
     */
    default void insertRows(Connection c, String schema, String table, List<String> columns, List<Object[]> rows) throws SQLException {
        String qualified = quote(schema) + "." + quote(table);
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            try (PreparedStatement p = c.prepareStatement(insertRowsSql(qualified, columns, chunk.size()))) {
                int i = 1;
                for (Object[] row : chunk) {
                    for (Object value : row) {
                        if (value == null) {
                            p.setNull(i++, java.sql.Types.VARCHAR);
                        } else if (value instanceof Long l) {
                            p.setLong(i++, l);
                        } else {
                            p.setString(i++, value.toString());
                        }
                    }
                }
                p.executeUpdate();
            }
        }
    }

    /** Rows per statement of the default {@link #insertRows}: well under every driver's parameter limit. */
    int ROWS_PER_INSERT = 500;

    /** The default {@link #insertRows} statement for {@code rows} rows. */
    default String insertRowsSql(String qualifiedTable, List<String> columns, int rows) {
        String one = "(" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        return "INSERT INTO " + qualifiedTable + " (" + String.join(", ", columns) + ") VALUES "
                + String.join(", ", java.util.Collections.nCopies(rows, one));
    }

    /** Binds an instant to a timestamp-with-time-zone parameter. Default: as a UTC {@link java.time.OffsetDateTime}. */
    default void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setObject(index, instant == null ? null : java.time.OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC));
    }

    /** Reads a timestamp-with-time-zone column; {@code null} stays {@code null}. Default: as an {@link java.time.OffsetDateTime}. */
    default Instant readInstant(ResultSet rs, String column) throws SQLException {
        java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /**
     * DDL for a secondary index, or empty where the warehouse does not want one (Snowflake has no indexes;
     * DuckDB's zone maps serve append-only tables better than an ART index).
     */
    default java.util.Optional<String> createIndex(String name, String qualifiedTable, String columns) {
        return java.util.Optional.of("CREATE INDEX IF NOT EXISTS " + quote(name) + " ON " + qualifiedTable + " (" + columns + ")");
    }

    /**
     * Whether a run's stage is numbered by the table's row id instead of {@code ROW_NUMBER()}: the staged rows are
     * written in identifier order into a table and a view over it names the row id {@code seq}. Only for a warehouse
     * whose row ids are dense and follow insertion order in a table created once and never changed, and that prunes a
     * row id range as it does a column's (DuckDB: a window numbering a million rows was a third of its staging time).
     */
    default boolean numbersStageByRowId() {
        return false;
    }

    /**
     * A statement that gathers the planner's statistics of a table just written in bulk, or empty where the warehouse
     * needs none. A run's stage is joined with each commit window's outcomes right after it is created, before any
     * automatic statistics can exist.
     */
    default java.util.Optional<String> analyze(String qualifiedTable) {
        return java.util.Optional.empty();
    }

    /**
     * Whether one process owns the database (embedded DuckDB): then runs left active by a previous process
     * can be abandoned at start instead of waiting for their lock to go stale.
     */
    default boolean singleProcess() {
        return false;
    }

    /**
     * Statements run once on every new connection, before any work. They pin session settings that would
     * otherwise come from the client and change the transformed records' text, hence their hashes (PostgreSQL
     * renders {@code timestamptz} in the session time zone, which its driver takes from the JVM).
     */
    default List<String> sessionSetup() {
        return List.of();
    }

    /**
     * Statements run at the start of each commit window's transaction ({@code io.sluice.state.StateCommitter}),
     * scoped to that transaction. A window touches at most {@code commit-size} rows of record state and of the
     * stage, by key; a planner that trusts statistics gathered before the run wrote millions of rows may scan
     * them whole instead, once per window. Default: none.
     */
    default List<String> commitSetup() {
        return List.of();
    }

    /**
     * Empties a work table that one run owns (its outcome table, after each window), inside the window's transaction.
     * Default: {@code DELETE FROM}.
     */
    default String emptyTable(String qualifiedTable) {
        return "DELETE FROM " + qualifiedTable;
    }

    /** Whether an exception is a unique/primary key violation (used by the run lock). */
    boolean isUniqueViolation(SQLException e);

    /**
     * Whether the warehouse enforces PRIMARY KEY and UNIQUE constraints. The run lock relies on the primary key
     * of {@code run_locks} where it does: of two replicas racing past the lock's NOT EXISTS check, one gets a
     * unique violation. Where it does not (Snowflake declares but never enforces them), the lock is taken
     * another way, described in {@code io.sluice.state.RunStore}.
     */
    default boolean enforcesUniqueKeys() {
        return true;
    }

    /** A field of the transformed record: the app field name and the SQL expression producing its value. */
    record MappedField(String name, String expression) {
    }
}
