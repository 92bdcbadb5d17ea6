package io.sluice.plugin;

import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.util.Objects;

/**
 * What a plugin gets to open a connection.
 *
 * @param name     the connection's name in configuration, for messages
 * @param settings the connection's settings ({@code sluice.connections.<name>.settings.*})
 * @param vertx    the service's Vert.x instance, for the non-blocking web client
 * @param clock    the clock to use for anything time-based (token expiry, rate windows)
 */
public record ConnectionContext(String name, PluginSettings settings, Vertx vertx, Clock clock) {
    public ConnectionContext {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
        clock = clock == null ? Clock.systemUTC() : clock;
    }
}
