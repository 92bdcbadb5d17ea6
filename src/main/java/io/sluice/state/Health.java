package io.sluice.state;

/** Health of a run, and of a sync ({@link #PENDING} before its first run). */
public enum Health {
    HEALTHY, INCOMPLETE, FAILED, DELAYED, PENDING
}
