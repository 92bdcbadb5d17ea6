package io.sluice.sync;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Why a sync file was rejected: the file, the field (dotted path, or {@code null} for the whole file) and the reason. */
@Schema(description = "A sync file that was rejected, and why")
public record SyncProblem(@Schema(description = "the sync file", examples = "syncs/typo.yaml") String file,
                          @Schema(description = "the field that is wrong (a dotted path), or null for the whole file", examples = "strategy") String field,
                          @Schema(description = "what is wrong, in words", examples = "unknown strategy 'mirorr'") String reason) {
    @Override
    public String toString() {
        return file + (field == null ? "" : ": field '" + field + "'") + ": " + reason;
    }
}
