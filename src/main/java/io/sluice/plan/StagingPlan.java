package io.sluice.plan;

/**
 * The statements for one run's staging: the diff that materialises records needing action, and the page
 * query that streams them back in {@code seq} order.
 *
 * @param createStage  {@code CREATE TABLE stage AS <diff>}
 * @param createIndex  index on the stage's {@code seq}, or {@code null} where the warehouse needs none
 * @param pageQuery    select of one page: parameters are the last {@code seq} read and the page size is inlined
 * @param stageTable   the qualified stage table
 */
public record StagingPlan(String createStage, String createIndex, String pageQuery, String stageTable) {
}
