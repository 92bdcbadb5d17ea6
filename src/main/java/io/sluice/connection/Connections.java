package io.sluice.connection;

import io.sluice.apps.AppCatalog;
import io.sluice.apps.load.AppsReload;
import io.sluice.apps.load.LoadedApp;
import io.sluice.apps.model.AppDefinition;
import io.sluice.apps.runtime.DefinitionPlugin;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppHttpObserver;
import io.sluice.plugin.AppPlugin;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.PluginConfigException;
import io.sluice.plugin.PluginSettings;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Opens every configured connection at start: with its Java plugin ({@code plugin=<kind>} of a CDI {@link AppPlugin},
 * failing fast, naming the connection and the setting, so that a misconfigured deployment does not come up
 * half-working), or with an app definition of that name ({@link AppCatalog}). A Java plugin wins over a definition of
 * the same name. A connection whose definition is missing or rejected, or whose settings do not fit it, does not stop
 * the service: it is opened as unavailable with its {@link #problem}, its syncs are rejected with it, and
 * {@link #reloadApps()} opens it again once its definition loads (and reopens a connection whose definition changed).
 */
@ApplicationScoped
public class Connections {
    private static final Logger LOG = Logger.getLogger(Connections.class);

    /** A connection ready to use, with the plugin that serves it. */
    public record Opened(String name, AppPlugin plugin, AppConnection connection) {
    }

    private final ConnectionsConfig config;
    private final Map<String, AppPlugin> kinds;
    private final AppCatalog apps;
    private final Vertx vertx;
    private final Clock clock;
    private final AppHttpObserver httpObserver;
    private volatile Map<String, Opened> byName = Map.of();
    /** Connections replaced by a reload: runs may still use them, so they are closed when the service stops. */
    private final List<AppConnection> retired = new ArrayList<>();

    @Inject
    public Connections(ConnectionsConfig config, @Any Instance<AppPlugin> plugins, AppCatalog apps, Vertx vertx, Clock clock,
                       AppHttpObserver httpObserver) {
        this.config = config;
        this.kinds = plugins.stream().collect(Collectors.toMap(AppPlugin::kind, p -> p, (a, b) -> a, TreeMap::new));
        this.apps = apps;
        this.vertx = vertx;
        this.clock = clock;
        this.httpObserver = httpObserver;
        Map<String, Opened> opened = new TreeMap<>();
        config.connections().forEach((name, c) -> {
            AppPlugin plugin = kinds.get(c.plugin());
            if (plugin != null) {
                opened.put(name, new Opened(name, plugin, plugin.open(context(name, c))));
                LOG.infof("connection '%s' opened with plugin '%s'", name, plugin.kind());
            } else {
                opened.put(name, openApp(name, c));
            }
        });
        byName = java.util.Collections.unmodifiableMap(opened);
    }

    private ConnectionContext context(String name, ConnectionsConfig.Connection c) {
        return new ConnectionContext(name, new PluginSettings(name, c.settings()), vertx, clock, httpObserver);
    }

    /** A connection of an app definition, or an unavailable one saying why it cannot be opened. */
    private Opened openApp(String name, ConnectionsConfig.Connection c) {
        Optional<LoadedApp> app = apps.find(c.plugin());
        if (app.isEmpty()) {
            String problem = "connection '" + name + "': no plugin or app definition named '" + c.plugin() + "' (Java plugins: "
                    + String.join(", ", kinds.keySet()) + "; app definitions: " + apps.all().stream().map(LoadedApp::app).collect(Collectors.joining(", "))
                    + (apps.rejected().stream().anyMatch(p -> p.file().matches(".*[/:]" + java.util.regex.Pattern.quote(c.plugin()) + "\\.ya?ml"))
                    ? "; its definition file was rejected: see GET /api/v1/apps" : "") + ")";
            LOG.errorf("%s; the connection is unavailable until a reload finds its definition", problem);
            return unavailable(name, c.plugin(), problem);
        }
        DefinitionPlugin plugin = new DefinitionPlugin(app.get().definition());
        try {
            Opened opened = new Opened(name, plugin, plugin.open(context(name, c)));
            LOG.infof("connection '%s' opened with app definition '%s' (%s)", name, plugin.kind(), app.get().file());
            return opened;
        } catch (PluginConfigException e) {
            LOG.errorf("%s; the connection is unavailable until its settings are fixed", e.getMessage());
            return unavailable(name, c.plugin(), e.getMessage());
        }
    }

    private static Opened unavailable(String name, String kind, String problem) {
        UnavailableApp app = new UnavailableApp(kind, problem);
        return new Opened(name, app, app);
    }

    /**
     * Reloads the app definitions, then reopens each connection of a definition that changed, appeared or went away (a
     * connection whose definition file is now rejected keeps the previous definition). Runs already started keep the
     * connection they began with.
     */
    public synchronized AppsReload reloadApps() {
        AppsReload reload = apps.reload();
        Map<String, Opened> next = new TreeMap<>(byName);
        config.connections().forEach((name, c) -> {
            if (kinds.containsKey(c.plugin())) {
                return;
            }
            Opened current = next.get(name);
            AppDefinition now = apps.find(c.plugin()).map(LoadedApp::definition).orElse(null);
            AppDefinition was = current != null && current.plugin() instanceof DefinitionPlugin d ? d.definition() : null;
            if (current != null && was != null && Objects.equals(now, was)) {
                return;
            }
            Opened reopened = openApp(name, c);
            next.put(name, reopened);
            if (current != null) {
                retired.add(current.connection());
            }
            LOG.infof("connection '%s' reopened after the app definitions were reloaded%s", name,
                    problem(reopened).map(p -> " (unavailable: " + p + ")").orElse(""));
        });
        byName = java.util.Collections.unmodifiableMap(next);
        return reload;
    }

    public Optional<Opened> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Set<String> names() {
        return byName.keySet();
    }

    /** Why the connection cannot be used (its app definition is missing or rejected, or its settings do not fit it); empty when it can. */
    public Optional<String> problem(String name) {
        return find(name).flatMap(Connections::problem);
    }

    private static Optional<String> problem(Opened opened) {
        return opened.plugin() instanceof UnavailableApp u ? Optional.of(u.problem()) : Optional.empty();
    }

    /** The names of the connections served by the app definition {@code app}. */
    public List<String> usingApp(String app) {
        return byName.values().stream().filter(o -> o.plugin() instanceof DefinitionPlugin || o.plugin() instanceof UnavailableApp)
                .filter(o -> o.plugin().kind().equals(app)).map(Opened::name).toList();
    }

    @PreDestroy
    synchronized void close() {
        List<AppConnection> all = new ArrayList<>(retired);
        byName.values().forEach(o -> all.add(o.connection()));
        all.forEach(c -> {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warnf("closing a connection: %s", e.getMessage());
            }
        });
    }
}
