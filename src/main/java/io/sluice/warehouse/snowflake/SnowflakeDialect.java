package io.sluice.warehouse.snowflake;

import io.sluice.warehouse.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Snowflake: {@code OBJECT_CONSTRUCT_KEEP_NULL} builds the record as a VARIANT and {@code TO_JSON} gives its
 * canonical text; staging tables are transient. Plain lower-case names are upper-cased before quoting, so
 * {@code customer_id} finds the column Snowflake stored as {@code CUSTOMER_ID}, while mixed-case names keep
 * their exact spelling.
 */
public final class SnowflakeDialect implements Dialect {

    @Override
    public String name() {
        return "snowflake";
    }

    @Override
    public boolean accepts(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:snowflake:");
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

    @Override
    public String recordJson(List<MappedField> fields) {
        return "TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL(" + fields.stream()
                .map(f -> "'" + f.name().replace("'", "''") + "', (" + f.expression() + ")")
                .collect(Collectors.joining(", ")) + "))";
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
        // Snowflake does not enforce primary keys; the run lock relies on MERGE there instead.
        return false;
    }
}
