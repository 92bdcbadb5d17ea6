package io.sluice.plan;

/** Why a row is in the staging table. */
public enum StageKind {
    /** An action must be sent to the app. */
    SEND,
    /** A previously failed, delayed or resync-requested record that no longer needs an action: {@code NOT_REQUIRED}. */
    RESOLVE,
    /** A record that never succeeded and left the source: dropped from state without an action. */
    DROP,
    /** The identifier appears more than once in the source: {@code SOURCE_FAILURE}. */
    DUPLICATE,
    /** Source rows whose identifier is NULL: the run fails before anything is sent. */
    NULL_ID
}
