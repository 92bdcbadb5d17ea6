package io.sluice.state;

/** The lifecycle of a run. */
public enum RunState {
    RUNNING,
    /** Every staged record was processed (successfully or not). */
    COMPLETED,
    /** Stopped by the time limit, a cancellation or a rate-limit wait past the deadline; the rest is {@code DELAYED}. */
    DELAYED,
    /** The run could not start, read its source or commit; the global error says why. */
    FAILED
}
