/**
 * Runs syncs: {@link io.sluice.engine.SyncEngine} takes a sync's lock and launches a
 * {@link io.sluice.engine.RunPipeline} (stage, stream pages, dispatch batches to the plugin, commit windows, finish),
 * whose parts share one {@link io.sluice.engine.RunContext}; {@link io.sluice.engine.Preview} is the same staging as a
 * dry run. The engine orchestrates and uses no JDBC ({@code LayeringTest}): the stage table belongs to
 * {@link io.sluice.state.StageTable}, record state, history and runs to the rest of {@code io.sluice.state}, connections
 * and dialects to {@code io.sluice.warehouse}.
 */
package io.sluice.engine;
