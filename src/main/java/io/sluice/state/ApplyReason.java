package io.sluice.state;

/** Why a record is in a run. */
public enum ApplyReason {
    CHANGE_CRITERIA_MET, PREVIOUSLY_FAILED, RESYNC_REQUESTED, TRANSFORM_ERROR
}
