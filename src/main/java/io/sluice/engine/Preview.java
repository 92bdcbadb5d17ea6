package io.sluice.engine;

import io.sluice.plan.StageKind;
import io.sluice.plugin.Action;
import io.sluice.state.ApplyReason;
import io.sluice.state.StageTable;
import io.sluice.state.StagedRecord;
import io.sluice.sync.SyncDefinition;
import io.sluice.template.TemplateRenderer;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.Warehouses;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;

/**
 * A dry run: the sync's own staging statement (the same {@link StageTable} as a run, in its preview flavour) into a
 * stage of its own, counted and sampled, then dropped. It sends nothing, changes no record state, writes no history and no run,
 * and takes no run lock: an active run keeps its own stage and is not disturbed.
 */
@ApplicationScoped
public class Preview {
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
        StageTable stage = StageTable.forPreview(warehouse, sync, sample);
        RecordPreparer preparer = new RecordPreparer(sync.usesTemplate() ? new TemplateRenderer().compile(sync.slug(), sync.template()) : null);
        return StagingDiagnosis.explaining(stage.summarise(sample > 0), warehouse, sync)
                .map(summary -> result(sync, summary, preparer))
                .onFailure(f -> !(f instanceof PreviewFailedException)).transform(f ->
                        new PreviewFailedException(sync.slug(), f.getMessage(), f));
    }

    private static PreviewResult result(SyncDefinition sync, StageTable.Summary summary, RecordPreparer preparer) {
        EnumMap<Action, Long> actions = new EnumMap<>(Action.class);
        EnumMap<StageKind, Long> kinds = new EnumMap<>(StageKind.class);
        EnumMap<ApplyReason, Long> reasons = new EnumMap<>(ApplyReason.class);
        long staged = 0;
        long nullIds = 0;
        for (StageTable.Group g : summary.groups()) {
            staged += g.records();
            kinds.merge(g.kind(), g.records(), Long::sum);
            reasons.merge(g.reason(), g.records(), Long::sum);
            // as a run counts them: only records that reach the plugin carry their action
            if (g.kind() == StageKind.SEND && g.action() != null) {
                actions.merge(g.action(), g.records(), Long::sum);
            }
            if (g.kind() == StageKind.NULL_ID) {
                nullIds += g.sourceRows();
            }
        }
        List<PreviewResult.Sample> rows = summary.firstPage().stream().map(r -> sampleOf(r, preparer)).toList();
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
