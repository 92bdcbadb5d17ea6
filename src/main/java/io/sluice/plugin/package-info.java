/**
 * The app plugin SPI: what a destination implements, and nothing else.
 *
 * <p>This package depends on nothing else of Sluice (checked by {@code LayeringTest}). A plugin is discovered
 * as a CDI bean implementing {@link io.sluice.plugin.AppPlugin}; for each configured connection of its
 * {@linkplain io.sluice.plugin.AppPlugin#kind() kind} the engine calls
 * {@link io.sluice.plugin.AppPlugin#open(ConnectionContext)} once at start and keeps the returned
 * {@link io.sluice.plugin.AppConnection} for the life of the service.
 *
 * <p>The engine gives every plugin, so that a plugin does not implement them: reading and diffing the
 * source, batching (at most {@link io.sluice.plugin.AppConnection#maxBatchSize()}), bounded concurrency
 * with backpressure, Jinja rendering of the sync template, the run's time limit and cancellation, and the
 * bookkeeping of results in record state and history.
 */
package io.sluice.plugin;
