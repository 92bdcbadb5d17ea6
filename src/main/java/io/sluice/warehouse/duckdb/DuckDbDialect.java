package io.sluice.warehouse.duckdb;

import io.sluice.warehouse.Dialect;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** DuckDB, the embedded default: {@code json_object} for the record, {@code to_json} for whole rows. */
public final class DuckDbDialect implements Dialect {

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public boolean accepts(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:duckdb:");
    }

    @Override
    public String textType() {
        return "VARCHAR";
    }

    @Override
    public String recordJson(List<MappedField> fields) {
        return "CAST(json_object(" + fields.stream()
                .map(f -> stringLiteral(f.name()) + ", (" + f.expression() + ")")
                .collect(Collectors.joining(", ")) + ") AS VARCHAR)";
    }

    @Override
    public String rowJson(String alias) {
        return "CAST(to_json(" + alias + ") AS VARCHAR)";
    }

    @Override
    public Optional<String> createIndex(String name, String qualifiedTable, String columns) {
        return Optional.empty();
    }

    /**
     * A table created by {@code CREATE TABLE ... AS ... ORDER BY} keeps that order (DuckDB preserves insertion order by
     * default) with row ids 0..n-1, and a filter on {@code rowid} prunes row groups: numbering a million staged rows
     * with {@code ROW_NUMBER()} cost 0.6 s of 2.1 s, the row id nothing (docs/benchmarks.md, issue 16). Order only
     * serves speed (narrow identifier ranges per commit window); the numbering is dense whatever the order.
     */
    @Override
    public boolean numbersStageByRowId() {
        return true;
    }

    /** JSON text of TIMESTAMPTZ values follows the session zone; UTC keeps hashes the same on every host. */
    @Override
    public List<String> sessionSetup() {
        return List.of("SET TimeZone = 'UTC'");
    }

    /** DuckDB's appender: orders of magnitude faster than parameterised multi-row inserts. */
    @Override
    public void insertRows(Connection c, String schema, String table, List<String> columns, List<Object[]> rows) throws SQLException {
        try (DuckDBAppender appender = c.unwrap(DuckDBConnection.class).createAppender(schema, table)) {
            for (Object[] row : rows) {
                appender.beginRow();
                for (Object value : row) {
                    if (value == null) {
                        appender.appendNull();
                    } else if (value instanceof Long l) {
                        appender.append(l.longValue());
                    } else {
                        appender.append(value.toString());
                    }
                }
                appender.endRow();
            }
        }
    }

    @Override
    public boolean singleProcess() {
        return true;
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("Duplicate key") || m.contains("PRIMARY KEY or UNIQUE constraint");
    }
}
