/**
 * Record state, history, runs and the one-active-run lock, in each warehouse's engine schema. {@link io.sluice.state.Stores}
 * hands out a warehouse's stores and runs work on them on that warehouse's worker threads: the API, metrics and operator
 * requests read state, history and stored runs there directly (the sync's warehouse comes from its definition), and the
 * engine takes its runs' stores from it too.
 */
package io.sluice.state;
