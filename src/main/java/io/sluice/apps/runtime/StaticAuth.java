package io.sluice.apps.runtime;

import io.sluice.apps.model.AuthSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Credentials that do not change while the connection lives ({@code none}, {@code bearer}, {@code basic},
 * {@code header}, {@code query}), rendered once from the settings when the connection opens.
 *
 * @param headers headers every request carries (values are secrets to the HTTP client)
 * @param query   query parameters every request carries
 */
record StaticAuth(Map<String, String> headers, Map<String, String> query) {
    static final StaticAuth NONE = new StaticAuth(Map.of(), Map.of());

    /** The credentials of {@code spec}; {@link #NONE} for {@code none} and {@code oauth2} (whose tokens come per request). */
    static StaticAuth of(AuthSpec spec, Map<String, Object> settings) {
        Map<String, Object> b = Bindings.of(settings, null);
        return switch (spec.type()) {
            case NONE, OAUTH2 -> NONE;
            case BEARER -> new StaticAuth(Map.of("Authorization", "Bearer " + spec.token().render(b).trim()), Map.of());
            case BASIC -> new StaticAuth(Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (spec.username().render(b) + ":" + spec.password().render(b)).getBytes(StandardCharsets.UTF_8))), Map.of());
            case HEADER -> new StaticAuth(Map.of(spec.name(), spec.value().render(b)), Map.of());
            case QUERY -> new StaticAuth(Map.of(), Map.of(spec.name(), spec.value().render(b)));
        };
    }
}
