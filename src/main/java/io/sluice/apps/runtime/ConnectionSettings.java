package io.sluice.apps.runtime;

import io.sluice.apps.model.AppDefinition;
import io.sluice.apps.model.SettingSpec;
import io.sluice.apps.model.SettingValues;
import io.sluice.plugin.PluginSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A connection's settings checked against what its definition declares: every declared setting that is required is
 * set, every value fits its type and allowed values, and no key is unknown (neither declared nor one of the framework's:
 * {@code base-url}, {@code token-url}, {@code timeout}, {@code max-connections}, {@code batch-size}, {@code retry.*}, {@code circuit.*},
 * {@code rate-limits.*}). Errors name the connection, the setting and the reason, never a secret's value.
 *
 * @param values  the declared settings with their defaults applied, typed (text, number, boolean): the {@code settings} of
 *                templates
 * @param secrets the values of the settings declared secret
 */
record ConnectionSettings(Map<String, Object> values, List<String> secrets) {
    private static final Set<String> FRAMEWORK = Set.of("base-url", "token-url", "timeout", "max-connections", "batch-size");
    private static final List<String> FRAMEWORK_PREFIXES = List.of("retry.", "circuit.", "rate-limits.");

    ConnectionSettings {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        secrets = List.copyOf(secrets);
    }

    /** @throws io.sluice.plugin.PluginConfigException naming the connection, the setting and the reason */
    static ConnectionSettings of(AppDefinition definition, PluginSettings settings) {
        for (String key : settings.keys()) {
            if (!definition.settings().containsKey(key) && !FRAMEWORK.contains(key) && FRAMEWORK_PREFIXES.stream().noneMatch(key::startsWith)) {
                throw settings.invalid(key, "is not a setting of app '" + definition.app() + "'; it declares "
                        + (definition.settings().isEmpty() ? "none" : String.join(", ", definition.settings().keySet()))
                        + " (and the framework's base-url, token-url, timeout, max-connections, batch-size, retry.*, circuit.*, rate-limits.*)");
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> secrets = new ArrayList<>();
        for (SettingSpec spec : definition.settings().values()) {
            String value = settings.optional(spec.name()).orElse(spec.defaultValue());
            if (value == null) {
                if (spec.required()) {
                    throw settings.invalid(spec.name(), "is required by app '" + definition.app() + "'"
                            + (spec.description() == null ? "" : " (" + spec.description() + ")"));
                }
                continue;
            }
            String problem = SettingValues.problem(spec.type(), spec.allowed(), value);
            if (problem != null) {
                throw settings.invalid(spec.name(), spec.secret() ? "is not a valid " + spec.type().id() + " value" : problem);
            }
            values.put(spec.name(), SettingValues.typed(spec.type(), value));
            if (spec.secret()) {
                secrets.add(value);
            }
        }
        return new ConnectionSettings(values, secrets);
    }
}
