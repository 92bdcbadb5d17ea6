package io.sluice.apps.load;

import java.util.List;

/**
 * What a reload of the app definitions changed, by app name.
 *
 * @param kept definitions whose user file is now rejected and whose previous version stays in force
 */
public record AppsReload(List<String> added, List<String> changed, List<String> removed, List<DefinitionProblem> rejected, List<String> kept) {
    public AppsReload {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        rejected = List.copyOf(rejected);
        kept = List.copyOf(kept);
    }
}
