package io.sluice.engine;

/**
 * A user changed a sync's state outside a run: paused or resumed it, or marked records (resync, skip). Fired as an
 * asynchronous CDI event after the change is stored; the change's answer waits for the observers (which must not
 * take long), so whatever they keep, such as the sync gauges, is current when the caller gets the answer. A failing
 * observer never fails the change.
 */
public record SyncChanged(String sync) {
}
