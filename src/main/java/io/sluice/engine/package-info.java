/**
 * Runs: {@link io.sluice.engine.SyncEngine} starts them (trigger, the lock, the pipeline in the background), cancels them
 * and tells the live progress of those active on this replica; the pipeline stages, sends and commits. Reading state,
 * history and stored runs is not the engine's job: readers use {@link io.sluice.state.Stores}.
 */
package io.sluice.engine;
