/**
 * What the engine keeps in the warehouse, and the JDBC that keeps it: record state and history
 * ({@link io.sluice.state.StateCommitter} commits a window of outcomes set-based), runs and their lock
 * ({@link io.sluice.state.RunStore}), and a run's or a preview's stage table ({@link io.sluice.state.StageTable}: the one
 * owner that creates it from {@code io.sluice.plan}'s statement, counts it, reads it back a page at a time as
 * {@link io.sluice.state.StagedRecord} values and drops it). The engine calls these with values and never holds a
 * connection.
 */
package io.sluice.state;
