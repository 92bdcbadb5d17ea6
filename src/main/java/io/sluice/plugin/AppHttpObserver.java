package io.sluice.plugin;

import java.time.Duration;

/**
 * Hears what a plugin's HTTP client ({@code io.sluice.plugin.support.AppHttpClient}) does, for metrics. The service
 * supplies one through {@link ConnectionContext#httpObserver()}; a plugin passes it to the clients it builds. Part of
 * the SPI so that the support package builds on the SPI and never the other way round. Called on event-loop threads:
 * implementations must be cheap and must not block or throw. Never given record identifiers or URLs (their paths
 * can hold identifiers), only names with few values.
 */
public interface AppHttpObserver {
    /** Hears nothing. */
    AppHttpObserver NO_OP = new AppHttpObserver() {
    };

    /** A request waited {@code waited} for a slot of its rate-limit category (zero when a slot was free). */
    default void rateLimitWaited(String connection, String category, Duration waited) {
    }

    /**
     * One HTTP exchange ended (each retry is one).
     *
     * @param status the HTTP status, or {@code 0} when no answer came (timeout, connection refused or reset)
     */
    default void exchanged(String connection, String method, int status, Duration latency) {
    }
}
