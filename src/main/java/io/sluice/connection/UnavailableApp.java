package io.sluice.connection;

import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppPlugin;
import io.sluice.plugin.AppUnavailableException;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.Strategy;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Set;

/**
 * The stand-in of a connection that could not be opened because of its app definition (missing, rejected, or settings that
 * do not fit it): the service starts with the other connections, this one reports its problem, syncs that target it are
 * rejected with it, and a call that still reaches it fails with {@link AppUnavailableException} naming it.
 */
final class UnavailableApp implements AppPlugin, AppConnection {
    private final String kind;
    private final String problem;

    UnavailableApp(String kind, String problem) {
        this.kind = kind;
        this.problem = problem;
    }

    String problem() {
        return problem;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public Set<Strategy> supportedStrategies() {
        return Set.of();
    }

    @Override
    public AppConnection open(ConnectionContext context) {
        return this;
    }

    @Override
    public Uni<List<RecordOutcome>> send(SendBatch batch) {
        return Uni.createFrom().failure(new AppUnavailableException(problem, null));
    }

    @Override
    public Uni<Void> check() {
        return Uni.createFrom().failure(new IllegalStateException(problem));
    }
}
