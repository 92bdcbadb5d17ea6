package io.sluice.plugin.support;

import io.sluice.plugin.Rate;
import io.sluice.plugin.RateLimitOverride;
import io.sluice.plugin.UrlPattern;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A named group of requests that share rate limits: those with one of {@code methods} whose URL matches
 * {@code url}. A request in the category must fit every one of {@code rates} (the strictest binds).
 *
 * @param name    the category's name, unique within a connection (used for overrides and pauses)
 * @param methods upper-case HTTP methods; empty means every method ({@code *})
 * @param url     which URLs belong to the category
 * @param rates   the limits; empty means the category is matched but not limited
 */
public record RateLimitCategory(String name, Set<String> methods, UrlPattern url, List<Rate> rates) {

    public RateLimitCategory {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a rate-limit category needs a name");
        }
        Objects.requireNonNull(url, "url");
        methods = methods == null ? Set.of() : methods.stream()
                .map(m -> m.trim().toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        if (methods.contains("*")) {
            methods = Set.of();
        }
        rates = rates == null ? List.of() : List.copyOf(rates);
    }

    /**
     * A category from text, as plugins declare their defaults:
     * {@code of("batch", "POST", "*}{@code /batch/*", "100/10s, 250000/day")}.
     *
     * @param methods comma-separated methods, or {@code *} (or blank) for all
     * @param url     a glob, or {@code regex:...}
     * @param rates   comma-separated rates
     * @throws IllegalArgumentException naming the bad part
     */
    public static RateLimitCategory of(String name, String methods, String url, String rates) {
        return new RateLimitCategory(name, parseMethods(methods), UrlPattern.of(url), Rate.parseList(rates));
    }

    /** Parses {@code POST, PATCH} or {@code *}; blank means every method ({@link RateLimitOverride#parseMethods}). */
    public static Set<String> parseMethods(String text) {
        return RateLimitOverride.parseMethods(text);
    }

    /** Whether a request with this method and URL belongs to the category. */
    public boolean matches(String method, String url) {
        return (methods.isEmpty() || (method != null && methods.contains(method.toUpperCase(Locale.ROOT))))
                && this.url.matches(url);
    }

    /** The same category with other rates. */
    public RateLimitCategory withRates(List<Rate> newRates) {
        return new RateLimitCategory(name, methods, url, newRates);
    }

    @Override
    public String toString() {
        return name + " [" + (methods.isEmpty() ? "*" : String.join(",", methods.stream().sorted().toList())) + " " + url + " "
                + (rates.isEmpty() ? "unlimited" : String.join(", ", rates.stream().map(Rate::toString).toList())) + "]";
    }
}
