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
 * @param httpObserver what hears the connection's HTTP calls and rate-limit waits (metrics); pass it to every
 *                 {@link io.sluice.plugin.support.AppHttpClient} the plugin builds. Never null ({@code NO_OP} at least).
 */
public record ConnectionContext(String name, PluginSettings settings, Vertx vertx, Clock clock, AppHttpObserver httpObserver) {
    public ConnectionContext {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
        clock = clock == null ? Clock.systemUTC() : clock;
        httpObserver = httpObserver == null ? AppHttpObserver.NO_OP : httpObserver;
    }

    /** A context whose HTTP calls nobody observes (tests, tools). */
    public ConnectionContext(String name, PluginSettings settings, Vertx vertx, Clock clock) {
        this(name, settings, vertx, clock, AppHttpObserver.NO_OP);
    }
}
