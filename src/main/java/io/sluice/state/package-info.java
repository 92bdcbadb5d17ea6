/**
 * Record state, history, runs and the one-active-run lock, in each warehouse's engine schema. {@link io.sluice.state.Stores}
 * hands out a warehouse's stores and runs work on them on that warehouse's worker threads: the API, metrics and operator
 * requests read state, history and stored runs there directly (the sync's warehouse comes from its definition), and the
 * engine takes its runs' stores from it too.
 * <p>
 * This package holds the JDBC the engine needs and hands the engine values, never a connection: a window of outcomes is
 * committed set-based by {@link io.sluice.state.StateCommitter}, and a run's or a preview's stage table has one owner,
 * {@link io.sluice.state.StageTable}, which creates it from {@code io.sluice.plan}'s statement, counts it, reads it back a
 * page at a time as {@link io.sluice.state.StagedRecord} values and drops it.
 */
package io.sluice.state;
