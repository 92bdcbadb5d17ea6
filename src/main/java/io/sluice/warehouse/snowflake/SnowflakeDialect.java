package io.sluice.warehouse.snowflake;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.sluice.warehouse.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Snowflake. Staging tables are transient (no Fail-safe storage for throw-away tables); there are no indexes.
 *
 * <p><b>Canonical JSON.</b> Snowflake documents neither {@code OBJECT_CONSTRUCT} nor {@code TO_JSON} as keeping
 * key order ("the order of the key-value pairs in the string produced by TO_JSON is not predictable"), so a
 * mapped record is not built as an OBJECT: its text is concatenated in the mapping's (sorted) field order, each
 * value rendered alone by {@code TO_JSON(TO_VARIANT(expr))}, SQL NULL as {@code null}. The text is therefore
 * canonical by construction. Values that are themselves objects (VARIANT/OBJECT columns) and whole rows (a
 * template that reads {@code row} as a whole: {@code OBJECT_CONSTRUCT_KEEP_NULL(source_rows.*)}) still depend
 * on Snowflake's rendering of OBJECT keys, sorted in practice; should that ever change, records are re-sent
 * (at-least-once), never missed. Dates and timestamps render through the session formats pinned by
 * {@link #sessionSetup()}, in UTC.
 *
 * <p><b>Names.</b> Snowflake stores unquoted names upper-case. A plain name written all lower- or all upper-case
 * is upper-cased before quoting, so {@code customer_id} finds {@code CUSTOMER_ID}; a mixed-case name keeps its
 * exact spelling ({@code "CustomerId"} as created quoted).
 *
 * <p><b>Keys.</b> PRIMARY KEY and UNIQUE are declared but never enforced, so the run lock does not rely on them
 * ({@link #enforcesUniqueKeys()}).
 */
public final class SnowflakeDialect implements Dialect {
    /** ISO 8601 with milliseconds; TIMESTAMP_TZ and _LTZ with their offset (+00:00 in the UTC session). */
    static final String TIMESTAMP_FORMAT = "YYYY-MM-DD\"T\"HH24:MI:SS.FF3TZH:TZM";
    static final String TIMESTAMP_NTZ_FORMAT = "YYYY-MM-DD\"T\"HH24:MI:SS.FF3";

    @Override
    public String name() {
        return "snowflake";
    }

    @Override
    public boolean accepts(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:snowflake:");
    }

    @Override
    public Properties connectionProperties(String warehouse, String jdbcUrl, Properties given) {
        return SnowflakeConnectionProperties.check(warehouse, jdbcUrl, given);
    }

    @Override
    public String quote(String identifier) {
        boolean folded = identifier.equals(identifier.toLowerCase(Locale.ROOT)) || identifier.equals(identifier.toUpperCase(Locale.ROOT));
        String name = folded ? identifier.toUpperCase(Locale.ROOT) : identifier;
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    public String textType() {
        return "VARCHAR";
    }

    @Override
    public String timestampType() {
        return "TIMESTAMP_TZ";
    }

    /**
     * Pins what would otherwise come from the account or user and change the records' text: the time zone (for
     * TIMESTAMP_LTZ and casts), the output formats of dates and timestamps (JSON and text of temporal values),
     * case-sensitive quoted names (an account may set {@code QUOTED_IDENTIFIERS_IGNORE_CASE}), and the type
     * bound by {@code setTimestamp} (an instant, then cast to TIMESTAMP_TZ).
     */
    @Override
    public List<String> sessionSetup() {
        return List.of("ALTER SESSION SET TIMEZONE = 'UTC', QUOTED_IDENTIFIERS_IGNORE_CASE = FALSE, "
                + "CLIENT_TIMESTAMP_TYPE_MAPPING = 'TIMESTAMP_LTZ', DATE_OUTPUT_FORMAT = 'YYYY-MM-DD', TIME_OUTPUT_FORMAT = 'HH24:MI:SS.FF3', "
                + "TIMESTAMP_OUTPUT_FORMAT = '" + TIMESTAMP_FORMAT + "', TIMESTAMP_TZ_OUTPUT_FORMAT = '" + TIMESTAMP_FORMAT + "', "
                + "TIMESTAMP_LTZ_OUTPUT_FORMAT = '" + TIMESTAMP_FORMAT + "', TIMESTAMP_NTZ_OUTPUT_FORMAT = '" + TIMESTAMP_NTZ_FORMAT + "'");
    }

    @Override
    public String recordJson(List<MappedField> fields) {
        if (fields.isEmpty()) {
            return "'{}'";
        }
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            MappedField f = fields.get(i);
            String key = (i == 0 ? "{" : ",") + jsonString(f.name()) + ":";
            sql.append(i == 0 ? "" : " || ").append(literal(key))
                    .append(" || COALESCE(TO_JSON(TO_VARIANT((").append(f.expression()).append("))), 'null')");
        }
        return sql.append(" || '}'").toString();
    }

    @Override
    public String rowJson(String alias) {
        return "TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL(" + alias + ".*))";
    }

    @Override
    public String createTableAs(String qualifiedTable, String select) {
        return "CREATE TRANSIENT TABLE " + qualifiedTable + " AS " + select;
    }

    @Override
    public Optional<String> createIndex(String name, String qualifiedTable, String columns) {
        return Optional.empty();
    }

    /**
     * The driver binds a {@link Timestamp} as epoch nanoseconds typed by {@code CLIENT_TIMESTAMP_TYPE_MAPPING}
     * (pinned to TIMESTAMP_LTZ), so the instant survives whatever the JVM's zone; {@code CAST(? AS TIMESTAMP_TZ)}
     * and TIMESTAMP_TZ columns then hold it with the session's +00:00 offset.
     */
    @Override
    public void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setTimestamp(index, instant == null ? null : Timestamp.from(instant));
    }

    @Override
    public Instant readInstant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return false;
    }

    @Override
    public boolean enforcesUniqueKeys() {
        return false;
    }

    private static String jsonString(String s) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }

    /** Snowflake reads backslash escapes inside single quotes, so backslashes are doubled too. */
    @Override
    public String stringLiteral(String s) {
        return literal(s);
    }

    static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
