package io.sluice.sync;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * What a reload of the sync folder changed, by slug.
 *
 * @param unchanged how many loaded syncs are exactly as before
 * @param rejected  every problem of the files now rejected
 * @param kept      syncs whose file is now rejected and whose previous definition stays in force
 */
@Schema(description = "What a reload of the sync folder changed")
public record SyncReload(@Schema(description = "slugs of syncs added") List<String> added,
                         @Schema(description = "slugs of syncs whose definition changed") List<String> changed,
                         @Schema(description = "slugs of syncs removed (their file was deleted)") List<String> removed,
                         @Schema(description = "how many syncs are exactly as before") int unchanged,
                         @Schema(description = "sync files that were rejected, with file, field and reason") List<SyncProblem> rejected,
                         @Schema(description = "slugs of syncs whose file is now rejected and that keep their previous definition") List<String> kept) {
    public SyncReload {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        rejected = List.copyOf(rejected);
        kept = List.copyOf(kept);
    }
}
