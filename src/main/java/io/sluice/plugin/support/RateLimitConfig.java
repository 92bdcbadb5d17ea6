package io.sluice.plugin.support;

import io.sluice.plugin.RateLimitOverride;
import io.sluice.plugin.UrlPattern;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Merges rate-limit definitions: a plugin's default categories, overridden by the connection's definitions,
 * then by a sync's ({@code merge(merge(defaults, connection), sync)}).
 *
 * <p>A definition with the name of an inherited category replaces its rates (and methods or URL when given)
 * and keeps its place in the order. New categories go before the inherited ones, in their given order, so
 * that a narrow category a user adds is not shadowed by a plugin's catch-all (categories match first-wins).
 */
public final class RateLimitConfig {
    private RateLimitConfig() {
    }

    /** The inherited categories with the overrides applied. */
    public static List<RateLimitCategory> merge(List<RateLimitCategory> inherited, List<RateLimitOverride> overrides) {
        Map<String, RateLimitCategory> byName = new LinkedHashMap<>();
        inherited.forEach(c -> byName.put(c.name(), c));
        List<RateLimitCategory> added = new ArrayList<>();
        Map<String, RateLimitCategory> replaced = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (RateLimitOverride override : overrides) {
            if (!seen.add(override.name())) {
                throw new IllegalArgumentException("rate-limit category '" + override.name() + "' is defined twice");
            }
            RateLimitCategory base = byName.get(override.name());
            if (base != null) {
                replaced.put(override.name(), applied(override, Optional.of(base)));
            } else {
                added.add(applied(override, Optional.empty()));
            }
        }
        List<RateLimitCategory> merged = new ArrayList<>(added);
        inherited.forEach(c -> merged.add(replaced.getOrDefault(c.name(), c)));
        return List.copyOf(merged);
    }

    /** The override applied to the inherited category of the same name, or a new category made from it. */
    private static RateLimitCategory applied(RateLimitOverride override, Optional<RateLimitCategory> inherited) {
        return new RateLimitCategory(override.name(),
                override.methods().orElseGet(() -> inherited.map(RateLimitCategory::methods).orElse(Set.of())),
                override.url().orElseGet(() -> inherited.map(RateLimitCategory::url).orElse(UrlPattern.ANY)),
                override.rates());
    }

    /** {@code merge(merge(defaults, connection), sync)}. */
    public static List<RateLimitCategory> merge(List<RateLimitCategory> defaults, List<RateLimitOverride> connection,
                                                List<RateLimitOverride> sync) {
        return merge(merge(defaults, connection), sync);
    }
}
