package io.sluice.warehouse.postgres;

import io.sluice.warehouse.Dialect;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

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
}
