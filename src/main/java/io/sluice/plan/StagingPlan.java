package io.sluice.plan;

/**
 * The statements for one run's staging: the diff that materialises records needing action, and the page
 * query that streams them back in {@code seq} order.
 *
 * @param createStage  {@code CREATE TABLE stage AS <diff>}
 * @param createIndex  index on the stage's {@code seq}, or {@code null} where the warehouse needs none
 * @param pageQuery    select of one page: parameters are the last {@code seq} read and {@link #pageEnd} of it. The stage
 *                     numbers its rows 1..n without gaps ({@code ROW_NUMBER}), so a page is a closed range of
 *                     {@code seq}, which every warehouse prunes by min/max (zone maps, micro-partitions, the index)
 *                     instead of scanning for the rows after the last one read
 * @param pageSize     rows per page
 * @param stageTable   the qualified stage table
 */
public record StagingPlan(String createStage, String createIndex, String pageQuery, int pageSize, String stageTable) {

    /** The last {@code seq} of the page that follows {@code afterSeq}: the page query's second parameter. */
    public long pageEnd(long afterSeq) {
        return afterSeq + pageSize;
    }
}
