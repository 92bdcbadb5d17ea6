package io.sluice.connection;

import io.sluice.plugin.support.Redactor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Runs a connection's {@link io.sluice.plugin.AppConnection#check()} on demand, bounded by
 * {@code sluice.connection-check.timeout}, and keeps each connection's last result in memory: per replica, and
 * lost on restart (a check is cheap to run again; keeping it in a warehouse would tie connections to one).
 * A check never fails: a failure, a timeout or a plugin that throws all become {@code ok=false} with a message
 * whose secrets are masked.
 */
@ApplicationScoped
public class ConnectionChecks {
    private static final Logger LOG = Logger.getLogger(ConnectionChecks.class);
    /** A check's message is for a person reading a list; app error pages can be long. */
    static final int MAX_MESSAGE = 1000;

    private final Connections connections;
    private final Clock clock;
    private final Duration timeout;
    private final Map<String, Redactor> masks = new ConcurrentHashMap<>();
    private final Map<String, CheckResult> last = new ConcurrentHashMap<>();
    private final ConnectionsConfig config;

    @Inject
    public ConnectionChecks(Connections connections, ConnectionsConfig config, Clock clock) {
        this.connections = connections;
        this.config = config;
        this.clock = clock;
        this.timeout = config.check().timeout();
    }

    /** The last check of the connection on this replica, if any. */
    public Optional<CheckResult> last(String name) {
        return Optional.ofNullable(last.get(name));
    }

    /**
     * Checks the connection and remembers the result.
     *
     * @throws IllegalArgumentException when no connection has that name (callers look it up first)
     */
    public Uni<CheckResult> check(String name) {
        Connections.Opened opened = connections.find(name)
                .orElseThrow(() -> new IllegalArgumentException("no connection named '" + name + "'"));
        return Uni.createFrom().deferred(() -> opened.connection().check())
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("connection '" + name + "': the check did not answer within " + timeout.toMillis() + " ms"))
                .map(ignored -> new CheckResult(true, "ok", clock.instant()))
                .onFailure().recoverWithItem(e -> failed(name, e))
                .invoke(result -> last.put(name, result));
    }

    private CheckResult failed(String name, Throwable e) {
        String text = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        String message = mask(name).scrub(text);
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "...";
        }
        LOG.infof("connection '%s': check failed: %s", name, message);
        return new CheckResult(false, message, clock.instant());
    }

    private Redactor mask(String name) {
        return masks.computeIfAbsent(name, n -> {
            ConnectionsConfig.Connection c = config.connections().get(n);
            return SettingSecrets.of(c == null ? Map.of() : c.settings());
        });
    }
}
