package io.sluice.plan;

import java.util.List;

/**
 * The statements for one run's staging: the diff that materialises records needing action, and the page
 * query that streams them back in {@code seq} order.
 *
 * @param create      statements that materialise the stage, in order: {@code CREATE TABLE stage AS <diff>}, its
 *                    index on {@code seq} where the warehouse wants one and the gathering of its statistics where the
 *                    warehouse's planner needs them at once; on a warehouse that numbers stages by row id
 *                    ({@link io.sluice.warehouse.Dialect#numbersStageByRowId()}) a rows table and the view over it
 * @param drop        statements that drop the stage, each {@code IF EXISTS}
 * @param pageSize    rows per page
 * @param stageTable  the qualified stage table (or view), which every statement over the stage names
 */
public record StagingPlan(List<String> create, List<String> drop, int pageSize, String stageTable) {

    /** A cursor before every {@code seq}: stages number their rows from 1 ({@code ROW_NUMBER}) or from 0 (a row id). */
    public static final long BEFORE_FIRST = -1;

    /**
     * Select of one page, its columns {@link StagingPlanner#PAGE_COLUMNS}: parameters are the last {@code seq} read
     * ({@link #BEFORE_FIRST} before the first page) and {@link #pageEnd} of it. The stage numbers its rows without gaps
     * ({@code ROW_NUMBER} from 1, or the row id from 0), so a page is a closed range of {@code seq}, which every warehouse
     * prunes by min/max (zone maps, micro-partitions, the index) instead of scanning for the rows after the last one read.
     */
    public String pageQuery() {
        return selectPageColumns() + " WHERE seq > ? AND seq <= ? ORDER BY seq";
    }

    /**
     * The first {@link #pageSize} staged records in {@code seq} order, read in the transaction that staged them (a
     * preview): there a row id is not yet the committed one (DuckDB numbers a transaction's new rows from 2^62 until it
     * commits), so the rows are taken by order, not by a {@code seq} range.
     */
    public String firstPageQuery() {
        return selectPageColumns() + " ORDER BY seq LIMIT " + pageSize;
    }

    private String selectPageColumns() {
        return "SELECT " + String.join(", ", StagingPlanner.PAGE_COLUMNS) + " FROM " + stageTable;
    }

    /** The last {@code seq} of the page that follows {@code afterSeq}: the page query's second parameter. */
    public long pageEnd(long afterSeq) {
        return afterSeq + pageSize;
    }
}
