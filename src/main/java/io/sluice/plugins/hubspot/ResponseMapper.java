package io.sluice.plugins.hubspot;

import io.sluice.plugin.support.ResponseJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.BatchRejectedException;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.support.HttpAnswer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the answer to one batch request (not throttled, not a server error: see {@link Throttling}) as one
 * outcome per record.
 *
 * <p><b>2xx</b> that cannot be read (not a JSON object, or no {@code results} array where objects are written)
 * fails every record of the request with {@code "retryable": true}: it shows nothing delivered.
 *
 * <p><b>2xx</b> ({@code BatchResponseSimplePublicObject} for 200/201, {@code ...WithErrors} for 207 Multi-Status,
 * nothing for archive's 204). HubSpot does not promise that {@code results} follow the order of {@code inputs},
 * and errors are listed apart, so answers are tied to records by what they carry, never by position:
 * <ol>
 *   <li>{@code objectWriteTraceId}: on each written object and in an error's {@code context.objectWriteTraceId};
 *       the plugin sends the source identifier there (documented on the objects' batch inputs and outputs, and
 *       the error handling guide's "Multi-status errors");</li>
 *   <li>else the object id ({@code id} of a result, {@code context.ids} of an error) for inputs addressed by id;</li>
 *   <li>else, for inputs addressed by a unique property, that property's value in the result's
 *       {@code properties} (or an error's {@code context.ids}), exactly or ignoring case (HubSpot stores emails in
 *       lower case).</li>
 * </ol>
 * A record matched by neither is a success when the answer leaves no doubt: archive without an error for it;
 * as many unmatched results as unmatched records and no unattributed error (then the records were written, but
 * which id is whose is unknown unless there is one, so several such creates succeed without an app identifier and
 * say so). Otherwise it fails, listing the errors HubSpot did not attribute.
 *
 * <p><b>401 and 403</b> (token or scopes) fail every record of the request: splitting would not help.
 * <b>Other 4xx</b>: for several records a {@link BatchRejectedException}, so that the engine splits the batch
 * (HubSpot rejects a whole batch for one invalid input, e.g. {@code VALIDATION_ERROR} "Property values were not
 * valid"); for one record, its failure with {@code {"status", "body"}}.
 */
final class ResponseMapper {
    private final String connection;

    ResponseMapper(String connection) {
        this.connection = connection;
    }

    List<RecordOutcome> outcomes(Operation operation, List<Route> routes, HttpAnswer answer) {
        if (answer.isSuccess()) {
            return fromSuccess(operation, routes, answer);
        }
        if (answer.status() == 401 || answer.status() == 403 || routes.size() == 1) {
            ObjectNode result = ResponseJson.statusAndBody(answer.status(), answer.body());
            return routes.stream().map(r -> RecordOutcome.rejected(r.record().identifier(), result)).toList();
        }
        throw new BatchRejectedException("connection '" + connection + "': " + answer.describe() + " for a batch of " + routes.size()
                + " records: " + Json.errorSummary(answer.body()));
    }

    /**
     * Every record of the request as a retryable failure when a 2xx {@code answer} cannot be read: its body is not
     * a JSON object (a proxy's HTML page), or lacks the {@code results} array that {@code needsResults} answers carry.
     * Such an answer shows nothing delivered, so it is never a success (SEMANTICS.md, "What counts as delivered").
     */
    Optional<List<RecordOutcome>> unreadable(boolean needsResults, List<Route> routes, HttpAnswer answer) {
        String body = answer.body();
        Optional<JsonNode> json = ResponseJson.container(body).filter(JsonNode::isObject);
        String problem;
        if (body != null && !body.isBlank() && json.isEmpty()) {
            problem = "a body that is not a JSON object";
        } else if (needsResults && !json.map(j -> j.path("results").isArray()).orElse(false)) {
            problem = json.isEmpty() ? "an empty body" : "no results array";
        } else {
            return Optional.empty();
        }
        ObjectNode result = Json.NODES.objectNode()
                .put("error", "connection '" + connection + "': " + answer.describe() + " with " + problem
                        + ", which shows no record written; not counted as delivered, sent again (within the run, then next run)")
                .put("status", answer.status())
                .put("body", ResponseJson.excerpt(body))
                .put("retryable", true);
        return Optional.of(routes.stream().map(r -> RecordOutcome.transientFailure(r.record().identifier(), result)).toList());
    }

    private List<RecordOutcome> fromSuccess(Operation operation, List<Route> routes, HttpAnswer answer) {
        Optional<List<RecordOutcome>> unreadable = unreadable(operation.returnsObjects(), routes, answer);
        if (unreadable.isPresent()) {
            return unreadable.get();
        }
        JsonNode body = ResponseJson.container(answer.body()).orElse(Json.NODES.objectNode());
        Correlation c = correlate(routes, body);
        List<RecordOutcome> outcomes = new ArrayList<>(routes.size());
        List<Route> unanswered = new ArrayList<>();
        for (Route route : routes) {
            String id = route.record().identifier();
            if (c.results.containsKey(id)) {
                JsonNode result = c.results.get(id);
                outcomes.add(RecordOutcome.success(id, result, Json.text(result, "id").orElseGet(() -> knownId(route))));
            } else if (c.errors.containsKey(id)) {
                outcomes.add(RecordOutcome.rejected(id, c.errors.get(id)));
            } else {
                unanswered.add(route);
            }
        }
        if (unanswered.isEmpty()) {
            return outcomes;
        }
        boolean noDoubt = c.unattributedErrors.isEmpty()
                && (!operation.returnsObjects() || c.unmatchedResults.size() == unanswered.size());
        for (Route route : unanswered) {
            String id = route.record().identifier();
            if (!noDoubt) {
                ObjectNode result = Json.NODES.objectNode().put("error", "HubSpot answered HTTP " + answer.status()
                        + " with neither a result nor an error for this record");
                result.set("unattributed_errors", Json.NODES.arrayNode().addAll(c.unattributedErrors));
                outcomes.add(RecordOutcome.rejected(id, result));
            } else if (!operation.returnsObjects()) {
                outcomes.add(RecordOutcome.success(id, Json.NODES.objectNode().put("archived", true).put("id", route.id()), knownId(route)));
            } else if (unanswered.size() == 1) {
                JsonNode result = c.unmatchedResults.get(0);
                outcomes.add(RecordOutcome.success(id, result, Json.text(result, "id").orElseGet(() -> knownId(route))));
            } else {
                outcomes.add(RecordOutcome.success(id, Json.NODES.objectNode().put("status", answer.status()).put("warning",
                        "HubSpot wrote this record but its answer could not be matched to it (no objectWriteTraceId echoed), "
                                + "so its HubSpot id is not known"), knownId(route)));
            }
        }
        return outcomes;
    }

    /** The HubSpot id the record is known by without the answer: the id it was addressed by, or its app identifier. */
    private static String knownId(Route route) {
        return route.idProperty() == null && route.id() != null ? route.id() : route.record().appIdentifier();
    }

    /** Results and errors of a 2xx body, by record identifier, and those that match no record. */
    static final class Correlation {
        final Map<String, JsonNode> results = new LinkedHashMap<>();
        final Map<String, JsonNode> errors = new LinkedHashMap<>();
        final List<JsonNode> unmatchedResults = new ArrayList<>();
        final List<JsonNode> unattributedErrors = new ArrayList<>();
    }

    /** Ties {@code results} and {@code errors} to the routes, as described on the class. */
    static Correlation correlate(List<Route> routes, JsonNode body) {
        Index index = new Index(routes);
        Correlation c = new Correlation();
        for (JsonNode result : array(body, "results")) {
            Route route = index.byTrace(Json.text(result, "objectWriteTraceId").orElse(null));
            if (route == null) {
                route = index.byKey(index.idProperty == null ? Json.text(result, "id").orElse(null)
                        : PropertyValues.text(result.path("properties").get(index.idProperty)));
            }
            if (route != null && c.results.putIfAbsent(route.record().identifier(), result) == null) {
                continue;
            }
            c.unmatchedResults.add(result);
        }
        for (JsonNode error : array(body, "errors")) {
            JsonNode context = error.path("context");
            List<Route> matched = new ArrayList<>();
            Json.strings(context, "objectWriteTraceId").forEach(t -> addIfPresent(matched, index.byTrace(t)));
            if (matched.isEmpty()) {
                Json.strings(context, "ids").forEach(k -> addIfPresent(matched, index.byKey(k)));
            }
            matched.removeIf(r -> c.results.containsKey(r.record().identifier()));
            if (matched.isEmpty()) {
                c.unattributedErrors.add(error);
            }
            matched.forEach(r -> c.errors.putIfAbsent(r.record().identifier(), error));
        }
        return c;
    }

    private static void addIfPresent(List<Route> routes, Route route) {
        if (route != null && !routes.contains(route)) {
            routes.add(route);
        }
    }

    private static List<JsonNode> array(JsonNode body, String field) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode array = body.path(field);
        if (array instanceof ArrayNode) {
            array.forEach(e -> {
                if (e.isObject()) {
                    out.add(e);
                }
            });
        }
        return out;
    }

    /** The routes of one request by trace id and by the key they were addressed with. */
    private static final class Index {
        final String idProperty;
        final Map<String, Route> byTrace = new HashMap<>();
        final Map<String, Route> byKey = new HashMap<>();
        final Map<String, Route> byKeyIgnoringCase = new HashMap<>();

        Index(List<Route> routes) {
            this.idProperty = routes.isEmpty() ? null : routes.get(0).idProperty();
            for (Route r : routes) {
                byTrace.putIfAbsent(r.traceId(), r);
                if (r.id() != null) {
                    byKey.putIfAbsent(r.id(), r);
                    byKeyIgnoringCase.putIfAbsent(r.id().toLowerCase(Locale.ROOT), r);
                }
            }
        }

        Route byTrace(String traceId) {
            return traceId == null ? null : byTrace.get(traceId);
        }

        Route byKey(String key) {
            if (key == null) {
                return null;
            }
            Route exact = byKey.get(key);
            return exact != null || idProperty == null ? exact : byKeyIgnoringCase.get(key.toLowerCase(Locale.ROOT));
        }
    }
}
