package io.sluice.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.plan.StageKind;
import io.sluice.plugin.Action;
import io.sluice.state.ApplyReason;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a run of a sync would do now, found by its own staging statement: nothing was sent and no state changed.
 *
 * @param staged       records the run would stage (every kind)
 * @param counts       records per action the run would send
 * @param kinds        records per kind: sent ({@code SEND}), resolved or dropped without a call, duplicates
 * @param applyReasons records per apply reason
 * @param sample       the first staged records in identifier order
 * @param globalError  why the run would fail before sending anything (NULL identifiers), else {@code null}
 */
@Schema(description = "What a run of the sync would do now; nothing was sent and no state changed")
public record PreviewResult(@Schema(description = "the sync's slug") String sync,
                            @Schema(description = "records the run would stage (every kind)") long staged,
                            @Schema(description = "records per action the run would send") Map<Action, Long> counts,
                            @Schema(description = "records per kind: SEND, or settled without a call (RESOLVE, DROP, DUPLICATE), NULL_ID") Map<StageKind, Long> kinds,
                            @Schema(description = "records per apply reason") Map<ApplyReason, Long> applyReasons,
                            @Schema(description = "the first staged records in identifier order") List<Sample> sample,
                            @Schema(description = "why the run would fail before sending anything (NULL identifiers), else null") String globalError) {

    /**
     * One staged record: its action and the payload the plugin would receive (the rendered template for template
     * syncs; the last applied record for a delete). Records settled without a call (kinds {@code RESOLVE},
     * {@code DROP}, {@code DUPLICATE}) have neither.
     *
     * @param error why the record would fail before any call (a template that cannot render it), else {@code null}
     */
    @Schema(description = "One staged record and what the app would receive")
    public record Sample(@Schema(description = "the record's identifier (null for NULL identifiers)") String identifier,
                         @Schema(description = "why the record is staged") StageKind kind,
                         @Schema(description = "the action the plugin would receive; null when no call is needed") Action action,
                         @Schema(description = "why the record would be applied") ApplyReason applyReason,
                         @Schema(description = "the payload exactly as the plugin would receive it; null when no call is needed") JsonNode payload,
                         @Schema(description = "why the record would fail before any call, else null") String error) {
    }
}
