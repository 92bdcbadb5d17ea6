package io.sluice.plugin;

import java.util.Set;

/**
 * A kind of destination app (webhook, Salesforce, HubSpot, ...). Implementations are CDI beans
 * ({@code @ApplicationScoped}); the engine finds them by {@link #kind()}.
 *
 * <p>Lifecycle: at start, for every connection configured with this kind, the engine validates each sync
 * that targets it against {@link #supportedStrategies()} (a sync asking for an unsupported strategy is
 * rejected naming both) and calls {@link #open(ConnectionContext)} once. The connection lives until the
 * service stops, when {@link AppConnection#close()} is called.
 */
public interface AppPlugin {

    /** The name used in configuration ({@code sluice.connections.<name>.plugin=<kind>}). */
    String kind();

    /** The strategies this app can honour. */
    Set<Strategy> supportedStrategies();

    /**
     * Opens one connection. Reads and validates the connection's settings; must not block on I/O (use
     * {@link AppConnection#check()} for a credentials round trip).
     *
     * @throws PluginConfigException when a setting is missing or malformed, naming the connection and key
     */
    AppConnection open(ConnectionContext context);
}
