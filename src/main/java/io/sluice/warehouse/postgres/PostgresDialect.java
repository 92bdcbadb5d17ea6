package io.sluice.warehouse.postgres;

import io.sluice.warehouse.Dialect;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * PostgreSQL: {@code jsonb_build_object} for the record (jsonb orders keys itself, so its text is canonical).
 * A function takes at most 100 arguments, so records with more than 50 fields are built in chunks joined
 * with {@code ||}. Sessions run in UTC: jsonb renders a {@code timestamptz} in the session time zone, which
 * the driver would otherwise take from the JVM, so a replica in another zone would see every record changed.
 */
public final class PostgresDialect implements Dialect {
    private static final int PAIRS_PER_CALL = 50;

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public boolean accepts(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    @Override
    public String textType() {
        return "TEXT";
    }

    @Override
    public List<String> sessionSetup() {
        return List.of("SET TIME ZONE 'UTC'");
    }

    /**
     * Index lookups for the window's statements, whatever the statistics say. Record state and a fresh stage have
     * none or stale ones during a run that writes millions of rows (autovacuum analyses later); trusting them,
     * PostgreSQL hashed the sync's whole state and scanned the whole stage for each window of a thousand
     * outcomes, which makes a first run quadratic (docs/benchmarks.md: 69 ms against 7 ms a window at 200k rows).
     * Without hash joins, merge joins and materialisation, a key lookup is the cheapest plan left. The statements
     * are small enough that JIT compilation would only cost. {@code SET LOCAL} ends with the window's transaction.
     */
    @Override
    public List<String> commitSetup() {
        return List.of("SET LOCAL enable_hashjoin = off", "SET LOCAL enable_mergejoin = off", "SET LOCAL enable_material = off",
                "SET LOCAL jit = off");
    }

    @Override
    public String recordJson(List<MappedField> fields) {
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < fields.size(); i += PAIRS_PER_CALL) {
            calls.add("jsonb_build_object(" + fields.subList(i, Math.min(fields.size(), i + PAIRS_PER_CALL)).stream()
                    .map(f -> stringLiteral(f.name()) + ", (" + f.expression() + ")")
                    .collect(Collectors.joining(", ")) + ")");
        }
        return "CAST(" + String.join(" || ", calls) + " AS TEXT)";
    }

    @Override
    public String rowJson(String alias) {
        return "CAST(to_jsonb(" + alias + ") AS TEXT)";
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /**
     * Without statistics, the planner takes {@code prev_state IS NULL} to keep 0.5 % of a window's stage rows and joins
     * them with the window's outcomes by a nested loop over both: until autovacuum analysed the stage, each window's
     * state {@code INSERT} of a million-row first run took 3 to 5 s instead of 35 ms (docs/benchmarks.md, issue 16).
     */
    @Override
    public Optional<String> analyze(String qualifiedTable) {
        return Optional.of("ANALYZE " + qualifiedTable);
    }

    /**
     * {@code TRUNCATE}, which is transactional here: a {@code DELETE} leaves each window's outcome rows behind as dead
     * tuples, which every later window's joins scan until autovacuum comes by (a million-row first run empties the
     * table two hundred times in about a minute).
     */
    @Override
    public String emptyTable(String qualifiedTable) {
        return "TRUNCATE " + qualifiedTable;
    }

    /**
     * {@code COPY ... FROM STDIN} in CSV: a window's outcomes in one stream, instead of one multi-row {@code INSERT} of
     * 500 rows with a parameter per value (the default). In CSV an unquoted empty field is NULL and a quoted one the
     * empty string, so every text value is quoted (a quote doubled) and NULL left empty.
     */
    @Override
    public void insertRows(Connection c, String schema, String table, List<String> columns, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder csv = new StringBuilder(rows.size() * 128);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    csv.append(',');
                }
                Object value = row[i];
                if (value instanceof Long l) {
                    csv.append(l.longValue());
                } else if (value != null) {
                    csv.append('"').append(value.toString().replace("\"", "\"\"")).append('"');
                }
            }
            csv.append('\n');
        }
        String copy = "COPY " + quote(schema) + "." + quote(table) + " (" + String.join(", ", columns) + ") FROM STDIN WITH (FORMAT csv)";
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new StringReader(csv.toString()));
        } catch (IOException e) {
            throw new SQLException("copying " + rows.size() + " rows into " + table + ": " + e.getMessage(), e);
        }
    }
}
