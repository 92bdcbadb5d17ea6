package io.sluice.engine;

import io.sluice.plan.StagingPlanner;
import io.sluice.sync.SourceChecks;
import io.sluice.sync.SyncDefinition;
import io.sluice.sync.SyncProblem;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseException;
import io.smallrye.mutiny.Uni;
import java.util.Optional;

/**
 * When the staging statement fails, finds what made it fail: the source table or id-column first
 * ({@link SourceChecks#sourceProblem}), then which mapped field, by evaluating each field alone over the source. A warehouse message such as "cannot convert NaN to jsonb" or "column emial does not
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
        return warehouse.call("finding what failed staging of sync '" + sync.slug() + "'", c -> {
            // a missing table or id-column fails every field's probe too: name it, not the first mapped field
            Optional<SyncProblem> source = SourceChecks.sourceProblem(c, warehouse.dialect(), sync);
            if (source.isPresent()) {
                c.rollback();
                return (Throwable) new RunPipeline.RunFailure("staging sync '" + sync.slug() + "' failed: " + source.get().reason());
            }
            if (sync.usesTemplate()) {
                return failure;
            }
            for (String field : sync.mapping().keySet()) {
                Optional<String> problem = SourceChecks.failure(c, StagingPlanner.fieldProbe(sync, warehouse.dialect(), field));
                if (problem.isPresent()) {
                    c.rollback();
                    return (Throwable) new RunPipeline.RunFailure("staging sync '" + sync.slug() + "' failed at mapping field '" + field
                            + "' (expression '" + sync.mapping().get(field) + "'): " + problem.get());
                }
            }
            return failure;
        }).onFailure().recoverWithItem(failure);
    }
}
