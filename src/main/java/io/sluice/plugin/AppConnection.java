package io.sluice.plugin;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * One configured account of an app, shared by every sync that targets it.
 *
 * <p>Threading: {@link #send(SendBatch)} is called concurrently (up to the sync's concurrency) and must not
 * block the calling thread; do I/O with the non-blocking Vert.x client from {@link ConnectionContext#vertx()}
 * and return a {@link Uni}. The engine subscribes on an event-loop or worker thread; never sleep.
 *
 * <p>Delivery: a record counts as delivered only when the returned outcomes say so and the engine has
 * committed them. If the service dies between the app's answer and that commit, the record is sent again
 * by the next run (at-least-once), so a plugin should prefer idempotent calls where the app offers them.
 */
public interface AppConnection extends AutoCloseable {

    /** The most records one {@link #send(SendBatch)} accepts (the app's limit). Users may tune it lower. */
    default int maxBatchSize() {
        return 1;
    }

    /**
     * Checks one record before it is sent, without I/O. Problems make the record a {@code SOURCE_FAILURE}
     * (it is not sent and uses no rate-limit quota).
     *
     * @return human-readable problems, empty when the record is fine
     */
    default List<String> validate(SyncTarget target, OutboundRecord record) {
        return List.of();
    }

    /**
     * Sends one batch. The returned outcomes must contain one entry per record of the batch, matched by
     * identifier; records left out are recorded as failures. A failed {@link Uni} (or an exception thrown from here)
     * concerns the whole batch: {@link RetryableException} for transient trouble, {@link BatchRejectedException},
     * {@link RateLimitDeadlineException} or {@link AppUnavailableException}; any other exception is a bug and fails the
     * run (see the package documentation for what the engine does with each).
     */
    Uni<List<RecordOutcome>> send(SendBatch batch);

    /**
     * What the app last reported about its own quotas (e.g. Salesforce's {@code Sforce-Limit-Info}
     * {@code api-usage=25/15000}), as short name/value pairs. The engine stores it on each run when the run
     * ends, so an operator sees how close the org is to its limits. Empty by default.
     */
    default java.util.Map<String, String> usage() {
        return java.util.Map.of();
    }

    /** Proves the connection works with one cheap call (credentials, reachability). */
    default Uni<Void> check() {
        return Uni.createFrom().voidItem();
    }

    /** Releases clients and files. Called once when the service stops. */
    @Override
    default void close() {
    }
}
