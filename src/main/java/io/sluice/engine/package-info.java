/**
 * Runs: {@link io.sluice.engine.SyncEngine} starts them (trigger, the lock, the pipeline in the background), cancels them
 * and tells the live progress of those active on this replica; the pipeline stages, sends and commits. Reading state,
 * history and stored runs is not the engine's job: readers use {@link io.sluice.state.Stores}.
 * <p>
 * A run's parts (the {@link io.sluice.engine.RunPipeline}, its dispatcher and commit windows) share one
 * {@link io.sluice.engine.RunContext}, built when the run starts; {@link io.sluice.engine.Preview} is the same staging as
 * a dry run. The engine orchestrates and uses no JDBC ({@code LayeringTest}): the stage table belongs to
 * {@link io.sluice.state.StageTable}, record state, history and runs to the rest of {@code io.sluice.state}, connections
 * and dialects to {@code io.sluice.warehouse}.
 */
package io.sluice.engine;
