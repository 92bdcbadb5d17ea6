package io.sluice.plugins.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.RecordOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an sObject Collections answer as one outcome per record.
 *
 * <ul>
 *   <li>200 with an array of one result per record (same order as the request): each element decides its record.
 *       {@code "success": true} is a success whose app identifier is the element's {@code id}; otherwise a
 *       failure whose result keeps Salesforce's element whole, {@code errors} array included
 *       ({@code statusCode}, {@code message}, {@code fields}).</li>
 *   <li>Any other answer concerns the whole request (400 for a malformed request, e.g. {@code EXCEEDED_ID_LIMIT},
 *       {@code JSON_PARSER_ERROR}; 401/403; 429 or 5xx once retries are spent; a 2xx without one result per record,
 *       such as a proxy's HTML page): each record fails with
 *       {@code {"status", "errors"}}, {@code "retryable": true} for 429, 5xx, {@code REQUEST_LIMIT_EXCEEDED} and
 *       an unreadable 2xx.
 *       The batch is not split: Salesforce reports record problems inside a 200, so a whole-request error
 *       would repeat for every half and only spend the org's daily API calls.</li>
 * </ul>
 * Every result also carries {@code "apiUsage": "25/15000"} when the answer had {@code Sforce-Limit-Info}.
 */
final class CollectionsResponseMapper {

    List<RecordOutcome> map(List<Write> writes, SalesforceApi.Answer answer) {
        List<RecordOutcome> outcomes = new ArrayList<>(writes.size());
        Optional<JsonNode> json = Json.parse(answer.body());
        if (answer.isSuccess() && json.isPresent() && json.get().isArray() && json.get().size() == writes.size()) {
            for (int i = 0; i < writes.size(); i++) {
                outcomes.add(element(writes.get(i), json.get().get(i), answer.usageText()));
            }
            return outcomes;
        }
        ObjectNode result;
        boolean retryable = answer.isSuccess() || isRetryable(answer.status(), answer.body());
        if (answer.isSuccess()) {
            // a 2xx without one result per record (a proxy's HTML page) shows nothing written: retry, never succeed
            result = Json.requestError(answer.status(), answer.body());
            result.put("error", "Salesforce answered " + (json.isPresent() && json.get().isArray() ? json.get().size() + " results" : "no result array")
                    + " for " + writes.size() + " records");
            result.put("retryable", true);
        } else {
            result = Json.requestError(answer.status(), answer.body());
            if (retryable) {
                result.put("retryable", true);
            }
        }
        withUsage(result, answer.usageText());
        writes.forEach(w -> outcomes.add(retryable ? RecordOutcome.transientFailure(w.identifier(), result)
                : RecordOutcome.rejected(w.identifier(), result)));
        return outcomes;
    }

    private static RecordOutcome element(Write write, JsonNode element, String usage) {
        ObjectNode result = element.isObject() ? ((ObjectNode) element).deepCopy() : Json.NODES.objectNode().set("result", element);
        withUsage(result, usage);
        if (element.path("success").asBoolean(false)) {
            String id = element.path("id").asText(null);
            return RecordOutcome.success(write.identifier(), result, id != null && !id.isBlank() ? id : write.id());
        }
        return RecordOutcome.rejected(write.identifier(), result);
    }

    /** Throttling, server trouble, or the org's API allocation used up: the same request may pass later. */
    static boolean isRetryable(int status, String body) {
        return status == 429 || status >= 500 || (body != null && body.contains("REQUEST_LIMIT_EXCEEDED"));
    }

    static ObjectNode withUsage(ObjectNode result, String usage) {
        if (usage != null) {
            result.put("apiUsage", usage);
        }
        return result;
    }
}
