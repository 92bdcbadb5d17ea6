package io.sluice.engine;

import io.sluice.plan.StageKind;
import io.sluice.plan.StagingPlan;
import io.sluice.plan.StagingPlanner;
import io.sluice.plugin.Action;
import io.sluice.state.ApplyReason;
import io.sluice.sync.SyncDefinition;
import io.sluice.template.TemplateRenderer;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.Warehouses;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A dry run: the sync's own staging statement (the same {@link StagingPlanner} plan as a run) into a stage of its
 * own, counted and sampled, then dropped. It sends nothing, changes no record state, writes no history and no run,
 * and takes no run lock: an active run keeps its own stage and is not disturbed.
 */
@ApplicationScoped
public class Preview {
    private static final Logger LOG = Logger.getLogger(Preview.class);

    private final SyncEngine engine;
    private final Warehouses warehouses;

    @Inject
    public Preview(SyncEngine engine, Warehouses warehouses) {
        this.engine = engine;
        this.warehouses = warehouses;
    }

    /** @param sample how many staged records to show with their payload (0 for counts only) */
    public Uni<PreviewResult> preview(String slug, int sample) {
        SyncDefinition sync = engine.sync(slug);
        return preview(sync, warehouses.get(sync.source().warehouse()), sample);
    }

    static Uni<PreviewResult> preview(SyncDefinition sync, Warehouse warehouse, int sample) {
        String stage = warehouse.engineTable("preview_" + UUID.randomUUID().toString().replace("-", ""));
        StagingPlan plan = StagingPlanner.plan(sync, warehouse.dialect(), warehouse.engineTable("record_state"), stage, Math.max(1, sample));
        RecordPreparer preparer = new RecordPreparer(sync.usesTemplate() ? new TemplateRenderer().compile(sync.slug(), sync.template()) : null);
        return StagingDiagnosis.explaining(warehouse.call("previewing sync '" + sync.slug() + "'", c -> {
                    boolean created = false;
                    try {
                        try (Statement s = c.createStatement()) {
                            s.execute(plan.createStage());
                        }
                        created = true;
                        return summarise(c, sync, plan, sample, preparer);
                    } finally {
                        // here too, not only below: a caller that goes away cancels the Uni, not this statement
                        if (created) {
                            try (Statement s = c.createStatement()) {
                                s.execute(warehouse.dialect().dropTableIfExists(stage));
                            } catch (SQLException e) {
                                LOG.debugf("preview of sync '%s': %s is dropped after the call instead: %s", sync.slug(), stage, e.getMessage());
                            }
                        }
                    }
                }), warehouse, sync)
                .onFailure(f -> !(f instanceof PreviewFailedException)).transform(f ->
                        new PreviewFailedException(sync.slug(), f.getMessage(), f))
                .eventually(() -> warehouse.call("dropping the preview stage of sync '" + sync.slug() + "'", c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute(warehouse.dialect().dropTableIfExists(stage));
                    }
                    return null;
                }).onFailure().invoke(e -> LOG.warnf("preview of sync '%s': could not drop %s: %s", sync.slug(), stage, e.getMessage()))
                        .onFailure().recoverWithNull());
    }

    private static PreviewResult summarise(Connection c, SyncDefinition sync, StagingPlan plan, int sample, RecordPreparer preparer)
            throws SQLException {
        EnumMap<Action, Long> actions = new EnumMap<>(Action.class);
        EnumMap<StageKind, Long> kinds = new EnumMap<>(StageKind.class);
        EnumMap<ApplyReason, Long> reasons = new EnumMap<>(ApplyReason.class);
        long staged = 0;
        long nullIds = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT kind, action, apply_reason, COUNT(*) AS n, "
                + "SUM(dup_count) AS rows_in_source FROM " + plan.stageTable() + " GROUP BY kind, action, apply_reason")) {
            while (rs.next()) {
                StageKind kind = StageKind.valueOf(rs.getString("kind"));
                long n = rs.getLong("n");
                staged += n;
                kinds.merge(kind, n, Long::sum);
                reasons.merge(ApplyReason.valueOf(rs.getString("apply_reason")), n, Long::sum);
                // as a run counts them: only records that reach the plugin carry their action
                if (kind == StageKind.SEND && rs.getString("action") != null) {
                    actions.merge(Action.valueOf(rs.getString("action")), n, Long::sum);
                }
                if (kind == StageKind.NULL_ID) {
                    nullIds += rs.getLong("rows_in_source");
                }
            }
        }
        List<PreviewResult.Sample> rows = new ArrayList<>();
        if (sample > 0) {
            try (PreparedStatement p = c.prepareStatement(plan.pageQuery())) {
                p.setLong(1, 0L);
                p.setLong(2, plan.pageEnd(0L));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        rows.add(sampleOf(StageReader.row(rs), preparer));
                    }
                }
            }
        }
        String globalError = nullIds == 0 ? null : RunPipeline.nullIdentifiers(sync, nullIds);
        return new PreviewResult(sync.slug(), staged, actions, kinds, reasons, rows, globalError);
    }

    private static PreviewResult.Sample sampleOf(StagedRecord r, RecordPreparer preparer) {
        // as the Dispatcher settles them: only SEND records reach the plugin, so only they have a payload
        switch (r.kind()) {
            case NULL_ID -> {
                return new PreviewResult.Sample(null, r.kind(), r.action(), r.reason(), null, "NULL identifier");
            }
            case DUPLICATE -> {
                return new PreviewResult.Sample(r.identifier(), r.kind(), null, r.reason(), null,
                        "identifier '" + r.identifier() + "' appears " + r.dupCount() + " times in the source");
            }
            case RESOLVE, DROP -> {
                return new PreviewResult.Sample(r.identifier(), r.kind(), null, r.reason(), null, null);
            }
            case SEND -> {
            }
        }
        try {
            return new PreviewResult.Sample(r.identifier(), r.kind(), r.action(), r.reason(), preparer.prepare(r).record(), null);
        } catch (RecordPreparer.TransformException e) {
            return new PreviewResult.Sample(r.identifier(), r.kind(), r.action(), ApplyReason.TRANSFORM_ERROR, null,
                    e.getMessage() + (e.line > 0 ? " (line " + e.line + ")" : ""));
        }
    }
}
