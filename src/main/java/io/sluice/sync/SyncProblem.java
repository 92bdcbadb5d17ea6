package io.sluice.sync;

/** Why a sync file was rejected: the file, the field (dotted path, or {@code null} for the whole file) and the reason. */
public record SyncProblem(String file, String field, String reason) {
    @Override
    public String toString() {
        return file + (field == null ? "" : ": field '" + field + "'") + ": " + reason;
    }
}
