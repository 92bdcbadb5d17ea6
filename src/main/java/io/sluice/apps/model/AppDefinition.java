package io.sluice.apps.model;

import io.sluice.plugin.RateLimitOverride;
import io.sluice.plugin.Strategy;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed and validated app definition: everything the runtime needs to sync to one HTTP API. Immutable;
 * templates are parsed. Two definitions are equal when they say the same (what a reload compares).
 *
 * @param docs       the API pages it was written from
 * @param objects    the allowed target objects, empty when any
 * @param settings   the declared settings, in file order
 * @param headers    headers of every request (templates of settings)
 * @param actions    the defined actions
 * @param rateLimits the app's documented limits, as categories a connection or sync can override
 * @param waits      where throttled answers say how long to wait, first found wins (besides {@code Retry-After})
 * @param check      the connection check, or {@code null}
 */
public record AppDefinition(String app, String title, List<String> docs, String description, List<String> objects,
                            Map<String, SettingSpec> settings, Template baseUrl, Map<String, Template> headers, AuthSpec auth,
                            Map<ActionKind, ActionSpec> actions, List<RateLimitOverride> rateLimits, List<WaitSpec> waits, CheckSpec check) {

    public AppDefinition {
        docs = List.copyOf(docs);
        objects = List.copyOf(objects);
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        headers = Map.copyOf(headers);
        java.util.EnumMap<ActionKind, ActionSpec> copy = new java.util.EnumMap<>(ActionKind.class);
        copy.putAll(actions);
        actions = java.util.Collections.unmodifiableMap(copy);
        rateLimits = List.copyOf(rateLimits);
        waits = List.copyOf(waits);
    }

    /** The strategies a connection of this app supports, from its actions. */
    public Set<Strategy> strategies() {
        return ActionKind.strategies(actions.keySet());
    }

    /** The names of the settings declared secret. */
    public List<String> secretSettings() {
        return settings.values().stream().filter(SettingSpec::secret).map(SettingSpec::name).toList();
    }
}
