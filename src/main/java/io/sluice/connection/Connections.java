package io.sluice.connection;

import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppPlugin;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.PluginSettings;
import io.sluice.plugin.AppHttpObserver;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Opens every configured connection with its plugin at start, failing fast (naming the connection and the
 * missing plugin or setting) so that a misconfigured deployment does not come up half-working.
 */
@ApplicationScoped
public class Connections {
    private static final Logger LOG = Logger.getLogger(Connections.class);

    /** A connection ready to use, with the plugin that serves it. */
    public record Opened(String name, AppPlugin plugin, AppConnection connection) {
    }

    private final Map<String, Opened> byName = new TreeMap<>();

    @Inject
    public Connections(ConnectionsConfig config, @Any Instance<AppPlugin> plugins, Vertx vertx, Clock clock, AppHttpObserver httpObserver) {
        Map<String, AppPlugin> kinds = plugins.stream().collect(Collectors.toMap(AppPlugin::kind, p -> p, (a, b) -> a, TreeMap::new));
        config.connections().forEach((name, c) -> {
            AppPlugin plugin = kinds.get(c.plugin());
            if (plugin == null) {
                throw new IllegalStateException("connection '" + name + "': no plugin of kind '" + c.plugin() + "' (set sluice.connections."
                        + name + ".plugin to one of " + kinds.keySet() + ")");
            }
            AppConnection opened = plugin.open(new ConnectionContext(name, new PluginSettings(name, c.settings()), vertx, clock, httpObserver));
            byName.put(name, new Opened(name, plugin, opened));
            LOG.infof("connection '%s' opened with plugin '%s'", name, plugin.kind());
        });
    }

    public Optional<Opened> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public java.util.Set<String> names() {
        return byName.keySet();
    }

    @PreDestroy
    void close() {
        byName.values().forEach(o -> {
            try {
                o.connection().close();
            } catch (Exception e) {
                LOG.warnf("closing connection '%s': %s", o.name(), e.getMessage());
            }
        });
    }
}
