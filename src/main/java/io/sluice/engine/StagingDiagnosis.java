package io.sluice.engine;

import io.sluice.state.StageFailure;
import io.sluice.sync.SyncDefinition;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseException;
import io.smallrye.mutiny.Uni;

/**
 * When the staging statement fails, finds what made it fail ({@link StageFailure#culprit}: the source table or
 * id-column, else which mapped field). A warehouse message such as "cannot convert NaN to jsonb" or "column emial does not
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

    /** The failure to report: the staging error with the culprit named when one is found ({@link StageFailure}), else unchanged. */
    private static Uni<Throwable> explain(Warehouse warehouse, SyncDefinition sync, WarehouseException failure) {
        return StageFailure.culprit(warehouse, sync)
                .map(culprit -> culprit.<Throwable>map(RunPipeline.RunFailure::new).orElse(failure))
                .onFailure().recoverWithItem(failure);
    }
}
