package io.sluice.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.sluice.api.ConnectionView;
import io.sluice.api.RunView;
import io.sluice.api.SyncView;
import io.sluice.engine.PreviewResult;
import io.sluice.state.RecordView;
import io.sluice.sync.SyncDefinition;
import io.sluice.sync.SyncProblem;
import java.util.List;

/** The console's pages, type-checked at build time; each template is {@code templates/console/<method>.html}. */
@CheckedTemplate(basePath = "console")
final class Pages {
    private Pages() {
    }

    /** How many syncs have a health, for the filter's choices. */
    record HealthChoice(String value, String label, long count, boolean selected) {
    }

    /** A history row with what changed since the record's previous payload. */
    record HistoryEntry(io.sluice.state.HistoryView row, List<PayloadDiff.Change> changes, boolean first) {
    }

    /** The records list's filter as chosen, for the form and the paging links. */
    record RecordFilter(String applyState, String action, String applyReason, List<String> applyStates, List<String> actions,
                        List<String> applyReasons) {
    }

    static native TemplateInstance syncs(Viewer viewer, String notice, List<SyncView> syncs, List<SyncProblem> rejected,
                                         List<HealthChoice> healths, boolean filtered);

    static native TemplateInstance sync(Viewer viewer, String notice, SyncView sync, SyncDefinition definition, List<RunView> runs,
                                        String next, RunChart chart);

    static native TemplateInstance active(Viewer viewer, SyncView sync);

    static native TemplateInstance preview(Viewer viewer, String notice, String slug, PreviewResult preview, String error, int sample);

    static native TemplateInstance records(Viewer viewer, String notice, String slug, List<RecordView> records, String next,
                                           RecordFilter filter, String query);

    static native TemplateInstance record(Viewer viewer, String notice, String slug, String identifier, RecordView record,
                                          List<HistoryEntry> history);

    static native TemplateInstance connections(Viewer viewer, String notice, List<ConnectionView> connections);

    static native TemplateInstance login(Viewer viewer, String notice, String next, String error, String loginToken);

    static native TemplateInstance problem(Viewer viewer, String notice, String title, String message);
}
