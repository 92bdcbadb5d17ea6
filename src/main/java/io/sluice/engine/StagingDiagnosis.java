package io.sluice.engine;

import io.sluice.plan.StagingPlanner;
import io.sluice.sync.SyncDefinition;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseException;
import io.smallrye.mutiny.Uni;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * When the staging statement fails, finds which mapped field made it fail, by evaluating each field alone
 * over the source. A warehouse message such as "cannot convert NaN to jsonb" or "column emial does not
 * exist" then comes back naming the field and its expression. Runs only on the failure path.
 */
final class StagingDiagnosis {
    private StagingDiagnosis() {
    }

    /** The staging work, whose warehouse failure comes back explained ({@link #explain}). */
    static <T> Uni<T> explaining(Uni<T> staging, Warehouse warehouse, SyncDefinition sync) {
        return staging.onFailure(WarehouseException.class).recoverWithUni(failure -> explain(warehouse, sync, (WarehouseException) failure)
                .onItem().transformToUni(explained -> Uni.createFrom().failure(explained)));
    }

    /** The failure to report: the staging error with the culprit field named when one is found, else unchanged. */
    private static Uni<Throwable> explain(Warehouse warehouse, SyncDefinition sync, WarehouseException failure) {
        if (sync.usesTemplate()) {
            return Uni.createFrom().item(failure);
        }
        return warehouse.call("finding the mapping field that failed staging of sync '" + sync.slug() + "'", c -> {
            for (String field : sync.mapping().keySet()) {
                Optional<String> problem = probe(c, StagingPlanner.fieldProbe(sync, warehouse.dialect(), field));
                if (problem.isPresent()) {
                    c.rollback();
                    return (Throwable) new RunPipeline.RunFailure("staging sync '" + sync.slug() + "' failed at mapping field '" + field
                            + "' (expression '" + sync.mapping().get(field) + "'): " + problem.get());
                }
            }
            return failure;
        }).onFailure().recoverWithItem(failure);
    }

    private static Optional<String> probe(java.sql.Connection c, String sql) throws SQLException {
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
    private static String essence(String message) {
        List<String> lines = String.valueOf(message).strip().lines().toList();
        return lines.stream().filter(l -> l.startsWith("Error: ")).map(l -> l.substring("Error: ".length())).findFirst().orElse(lines.get(0));
    }
}
