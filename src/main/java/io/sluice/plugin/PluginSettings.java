package io.sluice.plugin;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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

    /** Every key the connection sets, in order (for plugins that reject keys they do not know). */
    public java.util.Set<String> keys() {
        return java.util.Collections.unmodifiableSet(values.keySet());
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

    /** A whole number of at least 1, e.g. a pool size or a number of attempts. */
    public int positiveInt(String key, int fallback) {
        int value = integer(key, fallback);
        if (value < 1) {
            throw invalid(key, "must be at least 1, not " + value);
        }
        return value;
    }

    /** A {@link #duration} longer than zero. */
    public Duration positiveDuration(String key, Duration fallback) {
        Duration value = duration(key, fallback);
        if (value.isZero() || value.isNegative()) {
            throw invalid(key, "must be positive, not '" + optional(key).orElse(value.toString()) + "'");
        }
        return value;
    }

    /** The comma-separated items of {@code key} ({@link #items}); empty when it is not set. */
    public List<String> list(String key) {
        return items(get(key, ""));
    }

    /** The items of a comma-separated text, trimmed, without blanks or repeats, in order. */
    public static List<String> items(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /**
     * An absolute http(s) URL with a host, when set. A {@code base} URL (an API root that paths are appended to)
     * must also have no query, fragment or user info, and is returned without trailing slashes. Messages quote
     * the URL without its query and user info, which may carry credentials.
     */
    public Optional<String> httpUrl(String key, boolean base) {
        return optional(key).map(url -> {
            try {
                URI uri = new URI(url);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getHost().isBlank()) {
                    throw invalid(key, "'" + SafeUrls.describe(url) + "' is not an absolute http(s) URL with a host");
                }
                if (base && (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null)) {
                    throw invalid(key, "'" + SafeUrls.describe(url) + "' must have no query, fragment or user info (a base URL such as "
                            + uri.getScheme() + "://" + uri.getHost() + ")");
                }
            } catch (URISyntaxException e) {
                throw invalid(key, "'" + SafeUrls.describe(url) + "' is not a valid URL (" + e.getReason() + ")");
            }
            return base ? url.replaceAll("/+$", "") : url;
        });
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
