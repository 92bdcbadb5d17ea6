package io.sluice.plugins.salesforce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.OutboundRecord;

/**
 * One record, planned: the operation, the Salesforce Id it addresses (update and delete) and the fields to write.
 *
 * @param id     the Salesforce Id for {@link Operation#UPDATE} and {@link Operation#DELETE}; otherwise {@code null}
 * @param fields the fields to write, without {@code attributes} and without any {@code Id} (which addresses the
 *               record, it is not written); empty for a delete
 */
record Write(OutboundRecord record, Operation operation, String id, ObjectNode fields) {
    String identifier() {
        return record.identifier();
    }
}
