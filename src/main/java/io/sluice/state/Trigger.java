package io.sluice.state;

/** What started a run. */
public enum Trigger {
    API, SCHEDULE, AFTER_SYNC
}
