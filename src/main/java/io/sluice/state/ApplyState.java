package io.sluice.state;

/** Where a record stands after its last run (SEMANTICS.md, "Record state"). */
public enum ApplyState {
    SUCCESS, DESTINATION_FAILURE, SOURCE_FAILURE, DELAYED, RESYNC_REQUESTED, SKIPPED_ONCE, SKIPPED_ALWAYS, NOT_REQUIRED;

    /** A failure that is retried next run and keeps a sync from being healthy. */
    public boolean isFailure() {
        return this == DESTINATION_FAILURE || this == SOURCE_FAILURE;
    }
}
