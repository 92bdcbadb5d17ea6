package io.sluice.plugins.salesforce;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.RecordOutcome;
import io.smallrye.mutiny.Uni;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes up to {@value #MAX_RECORDS} records of one operation in one sObject Collections request (REST API
 * Developer Guide, "Create/Update/Upsert/Delete Records Using sObject Collections"), always with
 * {@code allOrNone=false} so that one bad record does not roll back its neighbours:
 * <ul>
 *   <li>create: {@code POST composite/sobjects}, body {@code {"allOrNone": false, "records": [{"attributes": {"type": "Contact"}, ...}]}};</li>
 *   <li>update: {@code PATCH composite/sobjects}, each record also carrying its {@code Id};</li>
 *   <li>upsert: {@code PATCH composite/sobjects/<SObject>/<ExternalIdField>} (API 46.0+), records carrying the external id;</li>
 *   <li>delete: {@code DELETE composite/sobjects?ids=<id>,<id>&allOrNone=false}.</li>
 * </ul>
 * Salesforce answers a well-formed request with 200 and one SaveResult (UpsertResult, DeleteResult) per record,
 * in request order; {@link CollectionsResponseMapper} turns them into outcomes.
 */
final class CollectionsClient {
    /** The documented maximum of records in one sObject Collections request. */
    static final int MAX_RECORDS = 200;

    private final SalesforceApi api;
    private final CollectionsResponseMapper responses;

    CollectionsClient(SalesforceApi api, CollectionsResponseMapper responses) {
        this.api = api;
        this.responses = responses;
    }

    /** Writes {@code writes} (all of {@code operation}, at most {@value #MAX_RECORDS}) to {@code object}. */
    Uni<List<RecordOutcome>> write(String object, Operation operation, String externalIdField, List<Write> writes, Instant deadline) {
        if (writes.size() > MAX_RECORDS) {
            throw new IllegalArgumentException(writes.size() + " records in one sObject Collections request; at most " + MAX_RECORDS);
        }
        Uni<SalesforceApi.Answer> answer = switch (operation) {
            case INSERT -> api.call("POST", "composite/sobjects", Map.of(), body(object, writes, false), deadline);
            case UPDATE -> api.call("PATCH", "composite/sobjects", Map.of(), body(object, writes, true), deadline);
            case UPSERT -> api.call("PATCH", "composite/sobjects/" + object + "/" + externalIdField, Map.of(), body(object, writes, false), deadline);
            case DELETE -> api.call("DELETE", "composite/sobjects?ids=" + writes.stream()
                    .map(w -> URLEncoder.encode(w.id(), StandardCharsets.UTF_8)).collect(Collectors.joining(",")) + "&allOrNone=false",
                    Map.of(), null, deadline);
        };
        return answer.map(a -> responses.map(writes, a));
    }

    private static String body(String object, List<Write> writes, boolean withId) {
        ObjectNode body = Json.NODES.objectNode().put("allOrNone", false);
        ArrayNode records = body.putArray("records");
        for (Write w : writes) {
            ObjectNode record = records.addObject();
            record.putObject("attributes").put("type", object);
            if (withId) {
                record.put("Id", w.id());
            }
            record.setAll(w.fields());
        }
        return body.toString();
    }
}
