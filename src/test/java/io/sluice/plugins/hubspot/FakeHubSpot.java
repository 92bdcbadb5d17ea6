package io.sluice.plugins.hubspot;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake HubSpot portal on WireMock that enforces the documented CRM v3 contract, so the plugin is tested
 * against the API's rules rather than against itself:
 * <ul>
 *   <li>{@code Authorization: Bearer <token>} on every call, else 401 with HubSpot's error object
 *       ({@code category: INVALID_AUTHENTICATION});</li>
 *   <li>{@code POST /crm/v3/objects/{type}/batch/create|update|upsert|archive|read} and
 *       {@code GET /crm/v3/objects/{type}}: known object types only (contacts, companies, deals, tickets,
 *       {@value #CUSTOM_TYPE}); {@code {"inputs": [...]}} of 1 to 100 inputs whose shape is the endpoint's
 *       (create: no id; update: id; upsert: id and idProperty; archive: id only), property values strings,
 *       no duplicate ids or trace ids; {@code idProperty} must be a unique-value property ({@code email} for
 *       contacts; {@code hs_object_id} is refused); anything else is a 400 {@code VALIDATION_ERROR} for the
 *       whole batch, and nothing is written;</li>
 *   <li>a value marked {@linkplain #invalidValue invalid} fails the whole batch (400, "Property values were not
 *       valid", not attributed to an input); a value marked {@linkplain #rejectValue rejected} fails only its
 *       input: 207 Multi-Status with the error's {@code context.objectWriteTraceId} (or {@code context.ids});
 *       a batch create answers 207 only when every input has an {@code objectWriteTraceId}, else the whole batch
 *       fails (error handling guide, "Multi-status errors");</li>
 *   <li>results and errors in shuffled order; objects get numeric string ids; emails are stored lower case;</li>
 *   <li>queued faults: 429 with HubSpot's rate-limit body and {@code X-HubSpot-RateLimit-*} headers (and
 *       {@code Retry-After} when asked), 5xx bursts.</li>
 * </ul>
 */
final class FakeHubSpot implements ResponseDefinitionTransformerV2, AutoCloseable {
    static final String TOKEN = "pat-na1-0f6c1c53-8d0e-4a57-b2d2-5f3e9c1a7d42";
    static final String CUSTOM_TYPE = "2-123456";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BATCH = Pattern.compile("/crm/v3/objects/([^/]+)/batch/([a-z]+)");
    private static final Pattern LIST = Pattern.compile("/crm/v3/objects/([^/]+)");
    private static final Set<String> TYPES = Set.of("contacts", "companies", "deals", "tickets", CUSTOM_TYPE);

    /** One request as the fake saw it (authorized or not). */
    record Seen(String method, String path, JsonNode body) {
        int inputs() {
            return body == null ? 0 : body.path("inputs").size();
        }
    }

    private final WireMockServer server;
    private final Random random = new Random(7);
    private final Map<String, Map<String, ObjectNode>> objects = new HashMap<>();
    private final Map<String, Set<String>> uniqueProperties = new HashMap<>();
    private final Set<String> rejected = new HashSet<>();
    private final Set<String> invalid = new HashSet<>();
    private final Deque<ResponseDefinition> faults = new ArrayDeque<>();
    private final List<Seen> seen = new ArrayList<>();
    private long nextId;
    private boolean echoTraceIds;
    private boolean leakAuthorization;
    private boolean tokenRevoked;

    FakeHubSpot() {
        server = new WireMockServer(wireMockConfig().dynamicPort().extensions(this));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(ok()));
        reset();
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** An empty portal without faults, between tests. */
    synchronized void reset() {
        objects.clear();
        uniqueProperties.clear();
        uniqueProperties.put("contacts", new HashSet<>(Set.of("email")));
        rejected.clear();
        invalid.clear();
        faults.clear();
        seen.clear();
        nextId = 1001;
        echoTraceIds = true;
        leakAuthorization = false;
        tokenRevoked = false;
    }

    /** The token stops working: every request gets HubSpot's 401, as after the private app's token was rotated. */
    synchronized void revokeToken() {
        tokenRevoked = true;
    }

    /** An input with this value in any property fails alone (207, attributed to it). */
    synchronized void rejectValue(String value) {
        rejected.add(value);
    }

    /** A batch with this value in any property fails as a whole (400 VALIDATION_ERROR, not attributed). */
    synchronized void invalidValue(String value) {
        invalid.add(value);
    }

    /** Declares a property with unique values (usable as {@code idProperty}). */
    synchronized void uniqueProperty(String type, String property) {
        uniqueProperties.computeIfAbsent(type, t -> new HashSet<>()).add(property);
    }

    /** Answers without {@code objectWriteTraceId}: results carry only ids, errors only {@code context.ids}. */
    synchronized void withoutTraceIds() {
        echoTraceIds = false;
    }

    /** Echoes the request's Authorization header in every body, as debug endpoints and error pages sometimes do. */
    synchronized void leakAuthorization() {
        leakAuthorization = true;
    }

    /** The next {@code times} requests get a 429 for {@code policy} ({@code TEN_SECONDLY_ROLLING} or {@code DAILY}). */
    synchronized void throttle(int times, String policy, String retryAfter) {
        for (int i = 0; i < times; i++) {
            ObjectNode body = JSON.createObjectNode().put("status", "error")
                    .put("message", "You have reached your " + policy.toLowerCase(Locale.ROOT) + " limit.")
                    .put("errorType", "RATE_LIMIT").put("correlationId", UUID.randomUUID().toString())
                    .put("policyName", policy).put("requestId", UUID.randomUUID().toString());
            ResponseDefinitionBuilder r = json(429, body)
                    .withHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
                    .withHeader("X-HubSpot-RateLimit-Max", "190")
                    .withHeader("X-HubSpot-RateLimit-Remaining", "0");
            if (policy.equals("DAILY")) {
                r.withHeader("X-HubSpot-RateLimit-Daily", "650000").withHeader("X-HubSpot-RateLimit-Daily-Remaining", "0");
            }
            if (retryAfter != null) {
                r.withHeader("Retry-After", retryAfter);
            }
            faults.add(r.build());
        }
    }

    /** The next {@code times} requests get {@code status} (a 5xx) with an HTML error page. */
    synchronized void serverErrors(int times, int status) {
        for (int i = 0; i < times; i++) {
            faults.add(new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "text/html")
                    .withBody("<html><body><h1>" + status + " Bad Gateway</h1></body></html>").build());
        }
    }

    /** The next {@code times} requests get {@code 200} with {@code body}, as a proxy in front of HubSpot may answer; nothing is written. */
    synchronized void answer200(int times, String contentType, String body) {
        for (int i = 0; i < times; i++) {
            faults.add(new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", contentType).withBody(body).build());
        }
    }

    /** Puts an object in the portal and returns its id. */
    synchronized String seed(String type, ObjectNode properties) {
        String id = String.valueOf(nextId++);
        ObjectNode stored = normalized(type, properties);
        stored.put("hs_object_id", id);
        objects.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(id, stored);
        return id;
    }

    /** The stored properties of an object, if it exists. */
    synchronized Optional<ObjectNode> object(String type, String id) {
        return Optional.ofNullable(objects.getOrDefault(type, Map.of()).get(id)).map(ObjectNode::deepCopy);
    }

    synchronized int count(String type) {
        return objects.getOrDefault(type, Map.of()).size();
    }

    synchronized List<Seen> requests() {
        return List.copyOf(seen);
    }

    synchronized int largestBatch() {
        return seen.stream().mapToInt(Seen::inputs).max().orElse(0);
    }

    @Override
    public String getName() {
        return "fake-hubspot";
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        Request request = event.getRequest();
        String path = request.getUrl().replaceFirst("\\?.*$", "");
        JsonNode body = null;
        try {
            String text = request.getBodyAsString();
            body = text == null || text.isBlank() ? null : JSON.readTree(text);
        } catch (Exception e) {
            body = JSON.getNodeFactory().textNode("(not JSON)");
        }
        seen.add(new Seen(request.getMethod().getName(), path, body));
        String authorization = request.getHeader("Authorization");
        if (tokenRevoked || !("Bearer " + TOKEN).equals(authorization)) {
            ObjectNode error = error("INVALID_AUTHENTICATION", authorization == null
                    ? "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
                    : "The OAuth token used to make this call expired or is invalid: " + authorization);
            return leak(json(401, error), authorization);
        }
        if (!faults.isEmpty()) {
            return faults.poll();
        }
        try {
            Matcher batch = BATCH.matcher(path);
            Matcher list = LIST.matcher(path);
            if (request.getMethod().getName().equals("POST") && batch.matches()) {
                return leak(batch(type(batch.group(1)), batch.group(2), body), authorization);
            }
            if (request.getMethod().getName().equals("GET") && list.matches()) {
                return leak(list(type(list.group(1))), authorization);
            }
            return json(404, error("OBJECT_NOT_FOUND", "no such endpoint: " + request.getMethod().getName() + " " + path)).build();
        } catch (Rejected e) {
            return leak(json(400, e.error), authorization);
        }
    }

    private ResponseDefinition leak(ResponseDefinitionBuilder response, String authorization) {
        if (leakAuthorization) {
            try {
                JsonNode body = JSON.readTree(response.build().getBody());
                if (body instanceof ObjectNode o) {
                    o.putObject("debug").put("authorization", authorization);
                    response.withBody(o.toString());
                }
            } catch (Exception e) {
                response.withBody("authorization was " + authorization);
            }
        }
        return response.build();
    }

    private ResponseDefinitionBuilder list(String type) {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode results = answer.putArray("results");
        objects.getOrDefault(type, Map.of()).entrySet().stream().limit(1).forEach(e -> results.add(object(e.getKey(), e.getValue(), null)));
        return json(200, answer);
    }

    private ResponseDefinitionBuilder batch(String type, String operation, JsonNode body) {
        if (!Set.of("create", "update", "upsert", "archive", "read").contains(operation)) {
            throw new Rejected(error("VALIDATION_ERROR", "unknown batch operation " + operation));
        }
        if (body == null || !body.isObject() || !body.path("inputs").isArray()) {
            throw new Rejected(error("VALIDATION_ERROR", "Invalid input JSON: expected an object with an 'inputs' array"));
        }
        ArrayNode inputs = (ArrayNode) body.get("inputs");
        if (inputs.isEmpty() || inputs.size() > 100) {
            throw new Rejected(error("VALIDATION_ERROR", "inputs must hold 1 to 100 items, got " + inputs.size()));
        }
        String idProperty = operation.equals("read") ? text(body, "idProperty") : null;
        checkShapes(type, operation, inputs, idProperty);
        checkInvalidValues(inputs);
        return switch (operation) {
            case "read" -> read(type, inputs, idProperty);
            case "archive" -> archive(type, inputs);
            default -> write(type, operation, inputs);
        };
    }

    private void checkShapes(String type, String operation, ArrayNode inputs, String readIdProperty) {
        Set<String> ids = new HashSet<>();
        Set<String> traces = new HashSet<>();
        for (JsonNode input : inputs) {
            boolean hasId = input.path("id").isTextual() && !input.get("id").asText().isBlank();
            Set<String> allowed = switch (operation) {
                case "create" -> Set.of("properties", "objectWriteTraceId", "associations");
                case "archive", "read" -> Set.of("id");
                default -> Set.of("id", "idProperty", "properties", "objectWriteTraceId");
            };
            input.fieldNames().forEachRemaining(f -> {
                if (!allowed.contains(f)) {
                    throw new Rejected(error("VALIDATION_ERROR", "Invalid input JSON on line 1: Unrecognized field \"" + f + "\" for batch/" + operation));
                }
            });
            if (!operation.equals("create") && !hasId) {
                throw new Rejected(error("VALIDATION_ERROR", "batch/" + operation + " needs an 'id' on every input"));
            }
            if (hasId && !ids.add(input.get("id").asText().toLowerCase(Locale.ROOT))) {
                throw new Rejected(error("VALIDATION_ERROR", "Duplicate IDs found in batch input: [" + input.get("id").asText() + "]"));
            }
            String idProperty = operation.equals("read") ? readIdProperty : text(input, "idProperty");
            if (operation.equals("upsert") && idProperty == null) {
                throw new Rejected(error("VALIDATION_ERROR", "batch/upsert needs 'idProperty' on every input"));
            }
            if (idProperty != null && !uniqueProperties.getOrDefault(type, Set.of()).contains(idProperty)) {
                throw new Rejected(error("VALIDATION_ERROR", "Unable to perform update/upsert by non-unique " + type + " property " + idProperty));
            }
            if (Set.of("create", "update", "upsert").contains(operation)) {
                JsonNode properties = input.path("properties");
                if (!properties.isObject()) {
                    throw new Rejected(error("VALIDATION_ERROR", "every input needs a 'properties' object"));
                }
                properties.properties().forEach(p -> {
                    if (!p.getValue().isTextual()) {
                        throw new Rejected(error("VALIDATION_ERROR", "Property values must be strings: " + p.getKey() + "=" + p.getValue()));
                    }
                    if (p.getKey().equals("hs_object_id")) {
                        throw new Rejected(error("VALIDATION_ERROR", "hs_object_id is a read only property; its value cannot be set"));
                    }
                });
                String trace = text(input, "objectWriteTraceId");
                if (trace != null && !traces.add(trace)) {
                    throw new Rejected(error("VALIDATION_ERROR", "Duplicate objectWriteTraceId in batch input: " + trace));
                }
            }
        }
    }

    private void checkInvalidValues(ArrayNode inputs) {
        ArrayNode details = JSON.createArrayNode();
        for (JsonNode input : inputs) {
            input.path("properties").properties().forEach(p -> {
                if (invalid.contains(p.getValue().asText())) {
                    ObjectNode detail = details.addObject().put("isValid", false).put("error", "INVALID_OPTION").put("name", p.getKey())
                            .put("message", p.getValue().asText() + " was not one of the allowed options");
                    detail.putObject("context").putArray("propertyName").add(p.getKey());
                }
            });
        }
        if (!details.isEmpty()) {
            ObjectNode error = error("VALIDATION_ERROR", "Property values were not valid: " + details);
            error.set("errors", details);
            throw new Rejected(error);
        }
    }

    /** create, update, upsert: all-or-nothing checks first, then per-input results and errors. */
    private ResponseDefinitionBuilder write(String type, String operation, ArrayNode inputs) {
        List<ObjectNode> errors = new ArrayList<>();
        List<Runnable> writes = new ArrayList<>();
        List<ObjectNode> results = new ArrayList<>();
        Map<String, ObjectNode> store = objects.computeIfAbsent(type, t -> new LinkedHashMap<>());
        for (JsonNode input : inputs) {
            String trace = text(input, "objectWriteTraceId");
            String id = text(input, "id");
            String idProperty = text(input, "idProperty");
            ObjectNode properties = normalized(type, (ObjectNode) input.get("properties"));
            Optional<String> bad = properties.properties().stream().map(p -> p.getValue().asText()).filter(rejected::contains).findFirst();
            if (bad.isPresent()) {
                errors.add(inputError("VALIDATION_ERROR", "Property values were not valid: '" + bad.get() + "' is rejected by this portal", trace, id));
                continue;
            }
            String existing = id == null ? null : idProperty == null ? (store.containsKey(id) ? id : null) : find(type, idProperty, id);
            switch (operation) {
                case "create" -> {
                    String email = text(properties, "email");
                    String duplicate = type.equals("contacts") && email != null ? find(type, "email", email) : null;
                    if (duplicate != null) {
                        errors.add(inputError("CONFLICT", "Contact already exists. Existing ID: " + duplicate, trace, null));
                        continue;
                    }
                    String newId = String.valueOf(nextId++);
                    writes.add(() -> store.put(newId, properties.deepCopy().put("hs_object_id", newId)));
                    results.add(object(newId, properties.deepCopy().put("hs_object_id", newId), trace));
                }
                case "update" -> {
                    if (existing == null) {
                        errors.add(inputError("OBJECT_NOT_FOUND", "Could not get some " + type + " objects, they may be deleted or not exist. Check that ids are valid.", trace, id));
                        continue;
                    }
                    ObjectNode merged = store.get(existing).deepCopy().setAll(properties);
                    writes.add(() -> store.put(existing, merged));
                    results.add(object(existing, merged, trace));
                }
                default -> { // upsert
                    String target = existing != null ? existing : String.valueOf(nextId++);
                    ObjectNode merged = (existing != null ? store.get(existing).deepCopy() : JSON.createObjectNode()).setAll(properties);
                    merged.put(idProperty, idProperty.equals("email") ? id.toLowerCase(Locale.ROOT) : id).put("hs_object_id", target);
                    writes.add(() -> store.put(target, merged));
                    results.add(object(target, merged, trace).put("new", existing == null));
                }
            }
        }
        boolean traced = true;
        for (JsonNode input : inputs) {
            traced &= text(input, "objectWriteTraceId") != null;
        }
        if (operation.equals("create") && !errors.isEmpty() && (!traced || !echoTraceIds)) {
            // without an objectWriteTraceId per input, batch create is all or nothing
            throw new Rejected(errors.get(0).deepCopy());
        }
        writes.forEach(Runnable::run);
        return answer(errors.isEmpty() ? (operation.equals("create") ? 201 : 200) : 207, results, errors);
    }

    private ResponseDefinitionBuilder archive(String type, ArrayNode inputs) {
        Map<String, ObjectNode> store = objects.computeIfAbsent(type, t -> new LinkedHashMap<>());
        inputs.forEach(i -> store.remove(i.get("id").asText()));
        return new ResponseDefinitionBuilder().withStatus(204);
    }

    private ResponseDefinitionBuilder read(String type, ArrayNode inputs, String idProperty) {
        List<ObjectNode> results = new ArrayList<>();
        List<ObjectNode> errors = new ArrayList<>();
        for (JsonNode input : inputs) {
            String id = input.get("id").asText();
            String found = idProperty == null ? (objects.getOrDefault(type, Map.of()).containsKey(id) ? id : null) : find(type, idProperty, id);
            if (found == null) {
                errors.add(inputError("OBJECT_NOT_FOUND", "Could not get some " + type + " objects, they may be deleted or not exist.", null, id));
            } else {
                results.add(object(found, objects.get(type).get(found), null));
            }
        }
        return answer(errors.isEmpty() ? 200 : 207, results, errors);
    }

    private ResponseDefinitionBuilder answer(int status, List<ObjectNode> results, List<ObjectNode> errors) {
        Collections.shuffle(results, random);
        Collections.shuffle(errors, random);
        ObjectNode body = JSON.createObjectNode().put("status", "COMPLETE");
        body.putArray("results").addAll(results);
        if (!errors.isEmpty()) {
            body.put("numErrors", errors.size());
            body.putArray("errors").addAll(errors);
        }
        body.put("startedAt", "2026-01-01T00:00:00.000Z").put("completedAt", "2026-01-01T00:00:00.120Z");
        return json(status, body);
    }

    private ObjectNode object(String id, ObjectNode properties, String trace) {
        ObjectNode o = JSON.createObjectNode().put("id", id);
        o.set("properties", properties.deepCopy());
        o.put("createdAt", "2026-01-01T00:00:00.000Z").put("updatedAt", "2026-01-01T00:00:00.100Z").put("archived", false);
        if (trace != null && echoTraceIds) {
            o.put("objectWriteTraceId", trace);
        }
        return o;
    }

    private ObjectNode inputError(String category, String message, String trace, String id) {
        ObjectNode error = error(category, message);
        ObjectNode context = error.putObject("context");
        if (trace != null && echoTraceIds) {
            context.putArray("objectWriteTraceId").add(trace);
        } else if (id != null) {
            context.putArray("ids").add(id);
        }
        return error;
    }

    private String find(String type, String property, String value) {
        return objects.getOrDefault(type, Map.of()).entrySet().stream()
                .filter(e -> value.equalsIgnoreCase(e.getValue().path(property).asText(null)))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private static ObjectNode normalized(String type, ObjectNode properties) {
        ObjectNode copy = properties.deepCopy();
        if (type.equals("contacts") && copy.hasNonNull("email")) {
            copy.put("email", copy.get("email").asText().toLowerCase(Locale.ROOT));
        }
        return copy;
    }

    private static String type(String type) {
        if (!TYPES.contains(type)) {
            throw new Rejected(error("VALIDATION_ERROR", "Unable to infer object type from: " + type));
        }
        return type;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    static ObjectNode error(String category, String message) {
        return JSON.createObjectNode().put("status", "error").put("message", message)
                .put("correlationId", UUID.randomUUID().toString()).put("category", category);
    }

    private static ResponseDefinitionBuilder json(int status, JsonNode body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json;charset=utf-8")
                .withBody(body.toString());
    }

    /** A batch refused as a whole. */
    private static final class Rejected extends RuntimeException {
        final ObjectNode error;

        Rejected(ObjectNode error) {
            super(error.path("message").asText(), null, false, false);
            this.error = error;
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
