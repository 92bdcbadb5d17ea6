package io.sluice.plugin;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A connection's or sync's definition of a rate-limit category, applied over inherited categories by
 * the plugin support's rate-limit merge: it replaces the rates of the category with the same name (and its methods or
 * URL when given), or adds a new category.
 *
 * @param name    the category it defines
 * @param methods the methods, when given (empty set: every method); absent keeps the inherited ones, or every
 *                method for a new category
 * @param url     the URL pattern, when given; absent keeps the inherited one, or {@link UrlPattern#ANY}
 * @param rates   the rates, replacing the inherited ones (empty: matched but unlimited)
 */
public record RateLimitOverride(String name, Optional<Set<String>> methods, Optional<UrlPattern> url, List<Rate> rates) {

    public RateLimitOverride {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a rate-limit override needs a category name");
        }
        methods = Objects.requireNonNullElse(methods, Optional.<Set<String>>empty()).map(Set::copyOf);
        url = Objects.requireNonNullElse(url, Optional.empty());
        rates = rates == null ? List.of() : List.copyOf(rates);
    }

    /** An override of the rates only. */
    public static RateLimitOverride rates(String name, List<Rate> rates) {
        return new RateLimitOverride(name, Optional.empty(), Optional.empty(), rates);
    }

    /** Parses {@code POST, PATCH} or {@code *}; blank means every method. */
    public static Set<String> parseMethods(String text) {
        if (text == null || text.isBlank() || text.trim().equals("*")) {
            return Set.of();
        }
        Set<String> methods = new LinkedHashSet<>();
        for (String m : text.split(",")) {
            String method = m.trim().toUpperCase(Locale.ROOT);
            if (method.isEmpty() || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
                throw new IllegalArgumentException("'" + text + "' is not a list of HTTP methods (e.g. POST,PATCH or *)");
            }
            methods.add(method);
        }
        return methods;
    }
}
