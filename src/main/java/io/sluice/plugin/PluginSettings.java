package io.sluice.plugin;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A connection's settings with typed accessors whose errors name the connection and the key. Values that
 * are secrets are read with {@link #secret(String)}, which never puts the value in an exception message.
 */
public final class PluginSettings {
    private final String connection;
    private final Map<String, String> values;

    public PluginSettings(String connection, Map<String, String> values) {
        this.connection = connection;
        this.values = new TreeMap<>(values == null ? Map.of() : values);
    }

    public Optional<String> optional(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String get(String key, String fallback) {
        return optional(key).orElse(fallback);
    }

    public String required(String key) {
        return optional(key).orElseThrow(() -> missing(key));
    }

    /** A secret: like {@link #required(String)}, but the value is never echoed. */
    public String secret(String key) {
        return required(key);
    }

    public int integer(String key, int fallback) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.get());
        } catch (NumberFormatException e) {
            throw invalid(key, "'" + v.get() + "' is not a whole number");
        }
    }

    /** A duration as {@code 30s}, {@code 5m}, {@code 250ms}, {@code 2h} or ISO-8601 ({@code PT30S}). */
    public Duration duration(String key, Duration fallback) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Durations.parse(v.get());
        } catch (IllegalArgumentException e) {
            throw invalid(key, "'" + v.get() + "' is not a duration (e.g. 30s, 5m, 250ms, PT1M)");
        }
    }

    /** Keys under {@code prefix.} with the prefix removed, e.g. {@code headers.}. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix + ".")) {
                out.put(k.substring(prefix.length() + 1), v);
            }
        });
        return out;
    }

    public PluginConfigException missing(String key) {
        return new PluginConfigException(connection, key, "is required");
    }

    public PluginConfigException invalid(String key, String reason) {
        return new PluginConfigException(connection, key, reason);
    }
}
