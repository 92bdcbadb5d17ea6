package io.sluice.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.plan.StageKind;
import io.sluice.plugin.Action;
import io.sluice.state.ApplyReason;
import java.util.List;
import java.util.Map;

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
public record PreviewResult(String sync, long staged, Map<Action, Long> counts, Map<StageKind, Long> kinds,
                            Map<ApplyReason, Long> applyReasons, List<Sample> sample, String globalError) {

    /**
     * One staged record: its action and the payload the plugin would receive (the rendered template for template
     * syncs; the last applied record for a delete). Records settled without a call (kinds {@code RESOLVE},
     * {@code DROP}, {@code DUPLICATE}) have neither.
     *
     * @param error why the record would fail before any call (a template that cannot render it), else {@code null}
     */
    public record Sample(String identifier, StageKind kind, Action action, ApplyReason applyReason, JsonNode payload, String error) {
    }
}
