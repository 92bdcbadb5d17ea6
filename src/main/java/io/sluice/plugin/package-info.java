/**
 * The app plugin SPI: what a destination implements, and everything the engine and a plugin exchange.
 *
 * <p>This package depends on nothing else of Sluice (checked by {@code LayeringTest}); the engine and sync files
 * depend on it and never on {@code plugin.support}, the toolkit plugins build on (also checked).
 *
 * <h2>Lifecycle</h2>
 * <ol>
 *   <li><b>open</b>: a plugin is a CDI bean implementing {@link io.sluice.plugin.AppPlugin}; for each configured
 *       connection of its {@linkplain io.sluice.plugin.AppPlugin#kind() kind} the engine checks the syncs that target
 *       it against {@link io.sluice.plugin.AppPlugin#supportedStrategies()} and calls
 *       {@link io.sluice.plugin.AppPlugin#open(ConnectionContext)} once at start (no I/O; a bad setting throws
 *       {@link io.sluice.plugin.PluginConfigException}). The returned {@link io.sluice.plugin.AppConnection} lives as
 *       long as the service and is shared by every sync that targets it.</li>
 *   <li><b>validate</b>: before a record is sent, {@link io.sluice.plugin.AppConnection#validate} checks it without
 *       I/O; problems make it a {@code SOURCE_FAILURE}, never sent.</li>
 *   <li><b>send</b>: {@link io.sluice.plugin.AppConnection#send} gets a {@link io.sluice.plugin.SendBatch} of at most
 *       {@link io.sluice.plugin.AppConnection#maxBatchSize()} records and the run's deadline, and answers one
 *       {@link io.sluice.plugin.RecordOutcome} per record.</li>
 *   <li><b>check</b>: {@link io.sluice.plugin.AppConnection#check()} proves credentials and reachability with one cheap
 *       call (connection tests, health).</li>
 *   <li><b>usage</b>: {@link io.sluice.plugin.AppConnection#usage()} is read when a run ends, to store the app's own
 *       quota report with the run; a failure there is logged and never fails the run.</li>
 *   <li><b>close</b>: {@link io.sluice.plugin.AppConnection#close()} once, when the service stops.</li>
 * </ol>
 *
 * <h2>Threading</h2>
 * {@code send} is called concurrently (up to the sync's concurrency) on event-loop or worker threads and must not
 * block: do I/O with the non-blocking Vert.x client of {@link io.sluice.plugin.ConnectionContext#vertx()}, return a
 * {@link io.smallrye.mutiny.Uni}, never sleep. The engine runs each call within the sync's
 * {@link io.sluice.plugin.SyncRateLimits}, carried in the call's Mutiny context.
 *
 * <h2>Failure contract</h2>
 * Per record, the {@linkplain io.sluice.plugin.RecordOutcome.Status status} of its outcome:
 * <ul>
 *   <li>{@code SUCCESS}: the app accepted it. The record counts as delivered once the engine has committed the
 *       outcome ({@code SUCCESS} in record state); if the service dies before that commit, the next run sends it again
 *       (at-least-once).</li>
 *   <li>{@code REJECTED}: the app refused it because of the record. It is a {@code DESTINATION_FAILURE} with the
 *       outcome's result, and the next run sends it again.</li>
 *   <li>{@code TRANSIENT}: it did not get through for a reason that may pass. The engine sends the transient records
 *       of a call again, as one batch, after a backoff ({@code sluice.engine.transient-retries}, default 2, the first
 *       after {@code sluice.engine.transient-retry-delay}, default 1s, doubling), never past the run's deadline or
 *       after a stop; if they still fail they are {@code DESTINATION_FAILURE}s, sent again by the next run.</li>
 *   <li>No outcome for a record: a {@code DESTINATION_FAILURE} ("the plugin returned no outcome for this record").</li>
 * </ul>
 * The engine reads the status, never the result JSON. Per call, a failed {@code Uni} (or an exception thrown by
 * {@code send}) means:
 * <ul>
 *   <li>{@link io.sluice.plugin.RetryableException} (and its {@link io.sluice.plugin.ThrottledException}): every record
 *       of the batch is transient (above).</li>
 *   <li>{@link io.sluice.plugin.BatchRejectedException}: the app refused the batch as a whole; the engine splits it in
 *       halves down to single records, and a single record refused so is a {@code DESTINATION_FAILURE}.</li>
 *   <li>{@link io.sluice.plugin.RateLimitDeadlineException}: waiting for the app would pass the run's deadline; the
 *       run stops, the batch's records and the rest are {@code DELAYED} for the next run.</li>
 *   <li>{@link io.sluice.plugin.AppUnavailableException}: the app is down or refuses the connection's credentials; the run fails with its message as the global
 *       error (one log line), the batch's records are not marked and the next run stages them again.</li>
 *   <li>Anything else (from {@code send}, or thrown by {@code validate}) is a bug in the plugin: the run fails with the global error "plugin of connection 'x' failed
 *       unexpectedly: &lt;exception&gt;: &lt;message&gt;", logged once at {@code ERROR} with the stack trace and the
 *       run's logging context; the batch's records are not marked and the next run stages them again.</li>
 * </ul>
 *
 * <p>The engine gives every plugin, so that a plugin does not implement them: reading and diffing the
 * source, batching, bounded concurrency with backpressure, Jinja rendering of the sync template, in-run retries of
 * transient records, the run's time limit and cancellation, and the bookkeeping of results in record state and history.
 */
package io.sluice.plugin;
