package io.sluice.plugin;

import java.util.Map;

/**
 * The sync a batch belongs to, as the plugin sees it.
 *
 * @param syncSlug the sync's slug, for logs and messages
 * @param object   the target object of the app (e.g. {@code Contact}, {@code contacts}, a path); may be null
 *                 for plugins that have no notion of object
 * @param strategy the sync's strategy
 * @param options  plugin-specific options from the sync file's {@code target.options} (never null)
 */
public record SyncTarget(String syncSlug, String object, Strategy strategy, Map<String, String> options) {
    public SyncTarget {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** An option, or {@code fallback} when the sync file does not set it. */
    public String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }
}
