package io.sluice.plugins.hubspot;

import io.sluice.plugin.OutboundRecord;

/**
 * How one record is written: the endpoint, and what addresses the object.
 *
 * @param record     the record
 * @param operation  the batch endpoint
 * @param idProperty the unique property {@code id} is a value of, or {@code null} when {@code id} is HubSpot's
 *                   object id (or, for a create, absent)
 * @param id         the object id or unique value; {@code null} for a create
 */
record Route(OutboundRecord record, Operation operation, String idProperty, String id) {

    /** Records that share an endpoint and an id property go in one request. */
    record Key(Operation operation, String idProperty) {
    }

    Key key() {
        return new Key(operation, idProperty);
    }

    /** The value sent as {@code objectWriteTraceId}: the source identifier, unique within a batch. */
    String traceId() {
        return record.identifier();
    }
}
