package io.sluice.state;

import io.sluice.plugin.Action;

/**
 * One record's result in a run, ready to commit.
 *
 * @param seq           the record's row in the stage table
 * @param action        what was attempted, or {@code null} when nothing was sent
 * @param resultJson    the app's answer or the error, as JSON text
 * @param appIdentifier the app's identifier returned for the record, or {@code null}
 * @param payloadJson   what was sent when it differs from the staged record (a rendered template), else {@code null}
 */
public record Outcome(long seq, String identifier, Action action, ApplyState applyState, ApplyReason applyReason,
                      String resultJson, String appIdentifier, String payloadJson) {
}
