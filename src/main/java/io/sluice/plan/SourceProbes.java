package io.sluice.plan;

import io.sluice.sync.SyncDefinition;
import io.sluice.warehouse.Dialect;
import java.util.List;

/**
 * Statements that compile one part of a sync's staging SQL and read no row ({@code WHERE 1 = 0}): the source
 * table or query, the id-column, the filter, each mapped field, the columns a template reads. The warehouse
 * binds names and types before it finds that no row qualifies, so each fails exactly when that part would fail
 * the first run, and the failing part names the sync file's field at fault.
 */
public final class SourceProbes {
    private SourceProbes() {
    }

    /** The source relation alone. */
    public static String source(SyncDefinition sync, Dialect d) {
        return "SELECT * FROM " + from(sync, d) + " WHERE 1 = 0";
    }

    /** The id-column as staging reads it. */
    public static String idColumn(SyncDefinition sync, Dialect d) {
        return "SELECT " + d.castToText(d.quote(sync.source().idColumn())) + " AS identifier FROM " + from(sync, d) + " WHERE 1 = 0";
    }

    /** The filter, or {@code null} when the sync has none. */
    public static String filter(SyncDefinition sync, Dialect d) {
        return sync.source().filter() == null ? null : "SELECT 1 AS probe FROM " + from(sync, d) + " WHERE (" + sync.source().filter() + ") AND 1 = 0";
    }

    /** One mapped field as the record's JSON builds it. */
    public static String field(SyncDefinition sync, Dialect d, String field) {
        String one = d.recordJson(List.of(new Dialect.MappedField(field, StagingPlanner.columnOrExpression(sync.mapping().get(field), d))));
        return "SELECT " + one + " AS record FROM " + from(sync, d) + " WHERE 1 = 0";
    }

    /** The record of a template sync (the columns the template reads). */
    public static String templateColumns(SyncDefinition sync, Dialect d) {
        return "SELECT " + StagingPlanner.recordExpression(sync, d) + " AS record FROM " + from(sync, d) + " WHERE 1 = 0";
    }

    private static String from(SyncDefinition sync, Dialect d) {
        return StagingPlanner.sourceRelation(sync, d) + " AS source_rows";
    }
}
