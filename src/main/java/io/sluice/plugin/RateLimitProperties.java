package io.sluice.plugin;

import io.sluice.plugin.PluginSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Reads rate-limit definitions from flat settings, with the keys relative to a prefix such as
 * {@code rate-limits}:
 * <pre>
 * rate-limits.batch.rates=100/10s, 250000/day   (required)
 * rate-limits.batch.methods=POST,PATCH          (or *; optional)
 * rate-limits.batch.url=*&#47;crm/v3/objects/*&#47;batch/*   (glob or regex:...; optional)
 * rate-limits.batch.order=1                     (optional, default 0)
 * </pre>
 * {@code order} sorts the categories a definition adds (then their names): settings have no order of their own,
 * and the first matching category wins. Category names may contain dots; the attribute is after the last one.
 */
public final class RateLimitProperties {
    private static final List<String> ATTRIBUTES = List.of("rates", "methods", "url", "order");

    private RateLimitProperties() {
    }

    /**
     * Parses a connection's definitions.
     *
     * @param prefix the prefix, e.g. {@code rate-limits}
     * @throws io.sluice.plugin.PluginConfigException naming the connection and the full key
     */
    public static List<RateLimitOverride> parse(PluginSettings settings, String prefix) {
        return parse(prefix, settings.withPrefix(prefix), settings::invalid);
    }

    /**
     * Parses definitions from entries whose keys have the prefix removed (as
     * {@link PluginSettings#withPrefix(String)} returns them).
     *
     * @param prefix the removed prefix, used only to name keys in messages
     * @throws IllegalArgumentException naming the full key
     */
    public static List<RateLimitOverride> parse(String prefix, Map<String, String> entries) {
        return parse(prefix, entries, (key, reason) -> new IllegalArgumentException("setting '" + key + "' " + reason));
    }

    /**
     * Like {@link #parse(String, Map)}, with the exception to throw for a problem made by {@code error} from the
     * full key and the reason.
     */
    public static List<RateLimitOverride> parse(String prefix, Map<String, String> entries,
                                                BiFunction<String, String, RuntimeException> error) {
        Map<String, Map<String, String>> byCategory = new TreeMap<>();
        entries.forEach((key, value) -> {
            int dot = key.lastIndexOf('.');
            String attribute = dot < 0 ? key : key.substring(dot + 1);
            if (dot <= 0 || !ATTRIBUTES.contains(attribute)) {
                throw error.apply(prefix + "." + key, "is not a rate-limit setting; expected " + prefix
                        + ".<category>.(" + String.join("|", ATTRIBUTES) + ")");
            }
            byCategory.computeIfAbsent(key.substring(0, dot), c -> new TreeMap<>()).put(attribute, value == null ? "" : value.trim());
        });
        record Ordered(int order, RateLimitOverride override) {
        }
        List<Ordered> out = new ArrayList<>();
        byCategory.forEach((name, attributes) -> {
            String base = prefix + "." + name + ".";
            String rates = attributes.getOrDefault("rates", "");
            if (rates.isBlank()) {
                throw error.apply(base + "rates", "is required (e.g. 100/10s, 250000/day)");
            }
            out.add(new Ordered(
                    attribute(attributes, "order", base, error, Integer::parseInt).orElse(0),
                    new RateLimitOverride(name,
                            attribute(attributes, "methods", base, error, RateLimitOverride::parseMethods),
                            attribute(attributes, "url", base, error, UrlPattern::of),
                            attribute(attributes, "rates", base, error, Rate::parseList).orElseThrow())));
        });
        return out.stream()
                .sorted(Comparator.comparingInt(Ordered::order).thenComparing(o -> o.override().name()))
                .map(Ordered::override)
                .toList();
    }

    private static <T> Optional<T> attribute(Map<String, String> attributes, String attribute, String base,
                                             BiFunction<String, String, RuntimeException> error, Function<String, T> parser) {
        String text = attributes.get(attribute);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(text));
        } catch (NumberFormatException e) {
            throw error.apply(base + attribute, "'" + text + "' is not a whole number");
        } catch (IllegalArgumentException e) {
            throw error.apply(base + attribute, e.getMessage());
        }
    }
}
