package io.sluice.plugins.hubspot;

/**
 * The CRM v3 batch endpoints the plugin writes with ({@code POST /crm/v3/objects/{objectType}/batch/{path}}), in
 * the order the groups of one batch are sent. Creating is the only call that is not idempotent (sending it twice
 * makes two objects), so it goes last: when an earlier group fails and the engine re-sends or splits the batch,
 * nothing it re-sends was created already.
 */
enum Operation {
    /** {@code batch/archive}: {@code {"inputs": [{"id"}]}}, 204 No Content on success. */
    ARCHIVE("archive"),
    /** {@code batch/update}: {@code {"inputs": [{"id", "idProperty"?, "properties", "objectWriteTraceId"}]}}. */
    UPDATE("update"),
    /** {@code batch/upsert}: {@code {"inputs": [{"id", "idProperty", "properties", "objectWriteTraceId"}]}}. */
    UPSERT("upsert"),
    /** {@code batch/create}: {@code {"inputs": [{"properties", "objectWriteTraceId"}]}}. */
    CREATE("create");

    /** The last path segment. */
    final String path;

    Operation(String path) {
        this.path = path;
    }

    /** Whether HubSpot answers with the written objects (archive answers with nothing). */
    boolean returnsObjects() {
        return this != ARCHIVE;
    }
}
