package io.sluice.plugins.hubspot;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Builds the JSON bodies of the CRM v3 batch endpoints, as the API reference and the official clients' models
 * ({@code BatchInputSimplePublicObjectBatchInputForCreate}, {@code ...BatchInput}, {@code ...BatchInputUpsert},
 * {@code BatchInputSimplePublicObjectId}, {@code BatchReadInputSimplePublicObjectId}) define them. Every write
 * input carries {@code objectWriteTraceId} = the record's source identifier: HubSpot echoes it on the written
 * object and in the {@code context} of a per-input error, which is what ties answers to records (see
 * {@link ResponseMapper}); for {@code batch/create} it is also what makes HubSpot answer a partial failure with
 * 207 Multi-Status instead of failing the whole batch (error handling guide, "Multi-status errors").
 * {@code hs_object_id} is never sent as a property: HubSpot sets it.
 */
final class RequestBuilder {
    private RequestBuilder() {
    }

    static String body(Operation operation, List<Route> routes) {
        ObjectNode body = Json.NODES.objectNode();
        ArrayNode inputs = body.putArray("inputs");
        for (Route route : routes) {
            ObjectNode input = inputs.addObject();
            if (operation != Operation.CREATE) {
                input.put("id", route.id());
            }
            if (route.idProperty() != null) {
                input.put("idProperty", route.idProperty());
            }
            if (operation != Operation.ARCHIVE) {
                input.set("properties", PropertyValues.toProperties(route.record().record(), TargetOptions.OBJECT_ID));
                input.put("objectWriteTraceId", route.traceId());
            }
        }
        return body.toString();
    }

    /** {@code batch/read} by a unique property, asking for that property only. */
    static String readBody(String idProperty, List<Route> routes) {
        ObjectNode body = Json.NODES.objectNode().put("idProperty", idProperty);
        body.putArray("properties").add(idProperty);
        ArrayNode inputs = body.putArray("inputs");
        routes.forEach(r -> inputs.addObject().put("id", r.id()));
        return body.toString();
    }
}
