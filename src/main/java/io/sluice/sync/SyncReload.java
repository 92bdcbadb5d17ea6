package io.sluice.sync;

import java.util.List;

/**
 * What a reload of the sync folder changed, by slug.
 *
 * @param unchanged how many loaded syncs are exactly as before
 * @param rejected  every problem of the files now rejected
 * @param kept      syncs whose file is now rejected and whose previous definition stays in force
 */
public record SyncReload(List<String> added, List<String> changed, List<String> removed, int unchanged, List<SyncProblem> rejected,
                         List<String> kept) {
    public SyncReload {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        rejected = List.copyOf(rejected);
        kept = List.copyOf(kept);
    }
}
