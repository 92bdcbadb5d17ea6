package io.sluice.sync;

import io.sluice.plan.SourceProbes;
import io.sluice.warehouse.Dialect;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a sync against its warehouse without reading a row ({@link SourceProbes}): the source table or query
 * exists, the id-column is one of its columns, the filter and every mapped expression compile, the columns a
 * template reads exist. What today only fails at the first run is then reported with the file's field. Used by
 * {@code validate}, by the reload of the sync folder, and to explain a failed staging statement.
 */
public final class SourceChecks {
    private SourceChecks() {
    }

    /**
     * Every problem of {@code sync} on {@code warehouse}, one per mistake: when the source does not exist, or the
     * id-column is not in it, nothing further is checked (every expression would fail for the same reason).
     *
     * @throws WarehouseException when the warehouse cannot be reached (nothing is known about the sync then)
     */
    public static List<SyncProblem> check(Warehouse warehouse, SyncDefinition sync) {
        return warehouse.callBlocking("checking sync '" + sync.slug() + "' against its source", c -> check(c, warehouse.dialect(), sync));
    }

    static List<SyncProblem> check(Connection c, Dialect d, SyncDefinition sync) throws SQLException {
        Optional<SyncProblem> source = sourceProblem(c, d, sync);
        if (source.isPresent()) {
            return List.of(source.get());
        }
        List<SyncProblem> problems = new ArrayList<>();
        String filter = SourceProbes.filter(sync, d);
        if (filter != null) {
            failure(c, filter).ifPresent(m -> problems.add(new SyncProblem(sync.file(), "source.filter",
                    "filter '" + sync.source().filter() + "' does not compile: " + m)));
        }
        if (sync.usesTemplate()) {
            failure(c, SourceProbes.templateColumns(sync, d)).ifPresent(m -> problems.add(new SyncProblem(sync.file(), "template",
                    "reads a column the source does not have: " + m)));
        }
        for (Map.Entry<String, String> field : sync.mapping().entrySet()) {
            failure(c, SourceProbes.field(sync, d, field.getKey())).ifPresent(m -> problems.add(new SyncProblem(sync.file(),
                    "mapping." + field.getKey(), "expression '" + field.getValue() + "' does not compile: " + m)));
        }
        return problems;
    }

    /**
     * The problem with the source itself, if any: the table or query does not run, or the id-column is not one of
     * its columns. Checked before anything is blamed on a mapping field.
     */
    public static Optional<SyncProblem> sourceProblem(Connection c, Dialect d, SyncDefinition sync) throws SQLException {
        SyncDefinition.Source s = sync.source();
        Optional<String> source = failure(c, SourceProbes.source(sync, d));
        if (source.isPresent()) {
            return Optional.of(s.table() != null
                    ? new SyncProblem(sync.file(), "source.table", "source table '" + s.table() + "' does not exist or cannot be read: " + source.get())
                    : new SyncProblem(sync.file(), "source.query", "the source query does not run: " + source.get()));
        }
        return failure(c, SourceProbes.idColumn(sync, d)).map(m -> new SyncProblem(sync.file(), "source.id-column", "'" + s.idColumn()
                + "' is not a column of " + (s.table() != null ? "source table '" + s.table() + "'" : "the source query") + ": " + m));
    }

    /** The warehouse's message when {@code sql} fails, else empty; a failure leaves the transaction usable for the next probe. */
    public static Optional<String> failure(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return Optional.empty();
        } catch (SQLException e) {
            // the failed probe may have aborted the transaction (PostgreSQL): start clean for the next one
            c.rollback();
            return Optional.of(essence(e.getMessage()));
        }
    }

    /** DuckDB's driver puts a generic line before the real error ("Error: Binder Error: ..."): keep the real one. */
    public static String essence(String message) {
        List<String> lines = String.valueOf(message).strip().lines().toList();
        return lines.stream().filter(l -> l.startsWith("Error: ")).map(l -> l.substring("Error: ".length())).findFirst().orElse(lines.get(0));
    }
}
