package io.sluice.state;

import io.sluice.plan.StagingPlanner;
import io.sluice.sync.SourceChecks;
import io.sluice.sync.SyncDefinition;
import io.sluice.sync.SyncProblem;
import io.sluice.warehouse.Warehouse;
import io.smallrye.mutiny.Uni;
import java.util.Optional;

/**
 * What made a sync's staging statement fail, asked of the warehouse on the failure path only: the source table or
 * id-column first ({@link SourceChecks#sourceProblem}), then which mapped field, by evaluating each field alone over the
 * source.
 */
public final class StageFailure {
    private StageFailure() {
    }

    /** The culprit, in words for the user ("staging sync 'x' failed at mapping field ..."); empty when none is found. */
    public static Uni<Optional<String>> culprit(Warehouse warehouse, SyncDefinition sync) {
        return warehouse.call("finding what failed staging of sync '" + sync.slug() + "'", c -> {
            // a missing table or id-column fails every field's probe too: name it, not the first mapped field
            Optional<SyncProblem> source = SourceChecks.sourceProblem(c, warehouse.dialect(), sync);
            if (source.isPresent()) {
                c.rollback();
                return Optional.of("staging sync '" + sync.slug() + "' failed: " + source.get().reason());
            }
            if (sync.usesTemplate()) {
                return Optional.empty();
            }
            for (String field : sync.mapping().keySet()) {
                Optional<String> problem = SourceChecks.failure(c, StagingPlanner.fieldProbe(sync, warehouse.dialect(), field));
                if (problem.isPresent()) {
                    c.rollback();
                    return Optional.of("staging sync '" + sync.slug() + "' failed at mapping field '" + field
                            + "' (expression '" + sync.mapping().get(field) + "'): " + problem.get());
                }
            }
            return Optional.empty();
        });
    }
}
