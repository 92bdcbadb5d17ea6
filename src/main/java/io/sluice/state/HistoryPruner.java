package io.sluice.state;

import io.sluice.warehouse.Warehouse;
import io.smallrye.mutiny.Uni;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.function.LongConsumer;

/**
 * Removes history rows older than a cutoff, except each record's latest row, whatever its age: a row goes only when
 * the same record (sync and identifier) has a row recorded later. Rows sharing a record's latest instant all stay (one
 * run writes a record once; two runs of a sync never commit at the same instant under its lock). The rule reads history
 * alone, so a record that left state (deleted by {@code mirror}, dropped) keeps its last row like any other.
 *
 * <p>Pruning is set-based and bounded: each chunk is one {@code DELETE} of at most {@code chunkSize} rows in its own
 * transaction, chosen by a {@code LIMIT}ed subquery joined back on the row's key ({@code DELETE ... USING}, which all
 * three warehouses accept; Snowflake's DELETE has no LIMIT of its own). A run only ever inserts history, and an
 * insert never makes an older row the latest, so pruning takes no run lock and never waits for a run: between chunks
 * the warehouse's workers serve whoever else is queued. Replicas pruning at once delete disjoint or identical rows;
 * the newest row of a record is never a candidate for either.
 */
public final class HistoryPruner {
    private final Warehouse warehouse;
    private final String history;

    public HistoryPruner(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.history = warehouse.engineTable("record_history");
    }

    /**
     * Deletes in chunks until a chunk finds fewer than {@code chunkSize} rows.
     *
     * @param cutoff    rows recorded before this instant may go
     * @param chunkSize rows per DELETE, at least 1
     * @param onChunk   told the number of rows each committed chunk removed
     * @return the rows removed in all
     */
    public Uni<Long> prune(Instant cutoff, int chunkSize, LongConsumer onChunk) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("history prune chunk size must be at least 1, was " + chunkSize);
        }
        return chunksFrom(0, cutoff, chunkSize, chunkSql(chunkSize), onChunk);
    }

    // each chunk is a fresh warehouse call: the next one is queued behind whatever work arrived meanwhile
    private Uni<Long> chunksFrom(long sofar, Instant cutoff, int chunkSize, String sql, LongConsumer onChunk) {
        return warehouse.call("pruning history recorded before " + cutoff, c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                warehouse.dialect().bindInstant(p, 1, cutoff);
                return p.executeUpdate();
            }
        }).chain(n -> {
            onChunk.accept(n);
            long total = sofar + n;
            return n < chunkSize ? Uni.createFrom().item(total) : chunksFrom(total, cutoff, chunkSize, sql, onChunk);
        });
    }

    /**
     * One chunk: at most {@code chunkSize} rows older than the cutoff whose record has a row recorded later. Parameter:
     * the cutoff. The record's latest time comes from a window over the record's rows rather than a correlated EXISTS:
     * PostgreSQL streams it in the order of the history index and stops at the LIMIT, DuckDB computes it in one pass
     * (a third of the EXISTS join's time, docs/benchmarks.md). The join matches the candidate's whole key (run, sync,
     * identifier, time), so a row goes only if it was a candidate itself.
     */
    public String chunkSql(int chunkSize) {
        String candidates = warehouse.dialect().limit("SELECT o.run_id, o.sync_id, o.identifier, o.recorded_at FROM (SELECT run_id, sync_id, "
                + "identifier, recorded_at, MAX(recorded_at) OVER (PARTITION BY sync_id, identifier) AS latest_at FROM " + history + ") o "
                + "WHERE o.recorded_at < ? AND o.recorded_at < o.latest_at", chunkSize);
        return "DELETE FROM " + history + " h USING (" + candidates + ") p WHERE h.run_id = p.run_id AND h.sync_id = p.sync_id "
                + "AND h.identifier = p.identifier AND h.recorded_at = p.recorded_at";
    }
}
