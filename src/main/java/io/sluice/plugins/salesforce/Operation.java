package io.sluice.plugins.salesforce;

/**
 * What Salesforce is asked to do with a record. The names are Bulk API 2.0's {@code operation} values; each
 * maps to one sObject Collections request.
 */
enum Operation {
    /** sObject Collections create: {@code POST composite/sobjects}. */
    INSERT("insert"),
    /** sObject Collections update: {@code PATCH composite/sobjects}, records carrying their {@code Id}. */
    UPDATE("update"),
    /** sObject Collections upsert: {@code PATCH composite/sobjects/<SObject>/<ExternalIdField>}. */
    UPSERT("upsert"),
    /** sObject Collections delete: {@code DELETE composite/sobjects?ids=...&allOrNone=false}. */
    DELETE("delete");

    private final String bulkName;

    Operation(String bulkName) {
        this.bulkName = bulkName;
    }

    /** The {@code operation} of a Bulk API 2.0 ingest job. */
    String bulkName() {
        return bulkName;
    }
}
