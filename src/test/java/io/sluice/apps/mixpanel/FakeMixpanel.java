package io.sluice.apps.mixpanel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import io.sluice.apps.fakes.FakeApi;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A fake Mixpanel project enforcing the documented Ingestion API (ingestion.openapi.yaml, Import Events, user profile
 * limits, the 400 and 429 troubleshooting pages):
 * <ul>
 *   <li>{@code POST /engage?verbose=1}: a JSON array of 1 to 2000 profile updates, each with the project's
 *       {@code $token}, a {@code $distinct_id} and one operation ({@code $set}, {@code $delete}, ...). Updates that fail
 *       validation are dropped; the answer is 200 {@code {"status": 1, "error": null}} when at least one was valid
 *       ("One or more objects provided are valid"), 200 {@code {"status": 0, "error": "..."}} when none was. No
 *       credentials needed: the token is in the body;</li>
 *   <li>{@code POST /import?strict=1&project_id=...} with a service account (HTTP Basic): a JSON array of 1 to 2000
 *       events, each {@code {"event", "properties": {"time", "distinct_id", "$insert_id", ...}}}, deduplicated on
 *       (event, time, distinct_id, $insert_id); 413 for a request too large (an event a test
 *       {@linkplain #rejectWholeBatchBecauseOf marks}); 200
 *       {@code {"code": 200, "num_records_imported": N, "status": "OK"}}, or 400 naming each failed event by
 *       {@code index} in {@code failed_records} while the others are imported; 401 {@code Invalid credentials};</li>
 *   <li>{@code GET /lookup-tables?project_id=...} with the service account, for the connection check;</li>
 *   <li>429 {@code "Project exceeded rate limits. Please retry the request with exponential backoff."} without a wait
 *       header (none is documented); 503 from the load balancer.</li>
 * </ul>
 */
final class FakeMixpanel extends FakeApi {
    static final String PROJECT_TOKEN = "0f3c5a8e2b7d4c9e1a6f3b8d5c2e7a4f";
    static final String PROJECT_ID = "3141592";
    static final String USERNAME = "sluice-sync.3f9a1c.mp-service-account";
    static final String SECRET = "Xq9vT2mR8kL4wZ7pN1sB6yH3cF5jD0gA";
    private static final int MAX = 2000;
    private static final Set<String> OPERATIONS = Set.of("$set", "$set_once", "$add", "$union", "$append", "$remove", "$unset", "$delete");
    private static final Pattern INSERT_ID = Pattern.compile("[A-Za-z0-9-]{1,36}");

    private final String object;
    private final Map<String, ObjectNode> profiles = new LinkedHashMap<>();
    /** Imported events by their deduplication key (event, time, distinct_id, $insert_id): a resent event is stored once. */
    private final Map<String, JsonNode> events = new LinkedHashMap<>();

    /** A fake whose contract-suite object is {@code profiles} (or {@code events}, see {@link #FakeMixpanel(String)}). */
    FakeMixpanel() {
        this("profiles");
    }

    FakeMixpanel(String object) {
        this.object = object;
    }

    @Override
    public Map<String, String> settings() {
        return Map.of("project_token", PROJECT_TOKEN, "project_id", PROJECT_ID, "service_account_username", USERNAME,
                "service_account_secret", SECRET);
    }

    @Override
    public List<String> secrets() {
        return List.of(SECRET);
    }

    @Override
    public String object() {
        return object;
    }

    synchronized Map<String, ObjectNode> profiles() {
        return Map.copyOf(profiles);
    }

    synchronized List<JsonNode> events() {
        return List.copyOf(events.values());
    }

    synchronized void seedProfile(String distinctId, ObjectNode properties) {
        profiles.put(distinctId, properties.deepCopy());
    }

    @Override
    protected synchronized void onReset() {
        profiles.clear();
        events.clear();
    }

    /** /engage takes the project token in each update; the other endpoints need the service account and the project id. */
    @Override
    protected boolean authorized(Seen request) {
        if (request.path().equals("/engage")) {
            return true;
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString((USERNAME + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        return basic.equals(request.header("Authorization")) && PROJECT_ID.equals(request.query().get("project_id"));
    }

    @Override
    protected ResponseDefinitionBuilder unauthorized(Seen request) {
        if (request.path().equals("/engage")) {
            return json(401, newObject().put("error", "Invalid credentials").put("status", "error"));
        }
        return json(401, newObject().put("code", 401).put("error", "Invalid credentials").put("status", "Unauthorized"));
    }

    @Override
    protected ResponseDefinitionBuilder throttled(int retryAfterSeconds) {
        return json(429, newObject().put("code", 429)
                .put("error", "Project exceeded rate limits. Please retry the request with exponential backoff.")
                .put("status", "Too Many Requests"));
    }

    @Override
    protected synchronized ResponseDefinition handle(Seen request) {
        return switch (request.method() + " " + request.path()) {
            case "POST /engage" -> engage(request);
            case "POST /import" -> importEvents(request);
            case "GET /lookup-tables" -> json(200, newObject().put("code", 200).put("status", "OK").set("results", JSON.createArrayNode())).build();
            default -> json(404, newObject().put("error", "Not Found").put("status", "error")).build();
        };
    }

    private ResponseDefinition engage(Seen request) {
        if (!"1".equals(request.query().get("verbose"))) {
            // without verbose=1 Mixpanel answers a bare 1 or 0: a definition that relies on it cannot tell why
            return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "text/plain").withBody("0").build();
        }
        JsonNode updates = request.json();
        if (updates == null || !updates.isArray() || updates.isEmpty()) {
            return verbose(0, "data, missing or empty");
        }
        sawBatch(updates.size());
        if (updates.size() > MAX) {
            return json(400, newObject().put("status", 0).put("error", "request has more than " + MAX + " updates")).build();
        }
        String lastProblem = null;
        int valid = 0;
        for (JsonNode update : updates) {
            String problem = profileProblem(update);
            if (problem != null) {
                lastProblem = problem;
                continue;
            }
            valid++;
            String id = update.get("$distinct_id").asText();
            if (update.has("$delete")) {
                profiles.remove(id);
            } else if (update.has("$set")) {
                profiles.computeIfAbsent(id, i -> newObject()).setAll((ObjectNode) update.get("$set"));
            }
        }
        return valid > 0 ? verbose(1, null) : verbose(0, lastProblem);
    }

    private String profileProblem(JsonNode update) {
        if (!update.isObject()) {
            return "profile update must be a JSON object";
        }
        if (!PROJECT_TOKEN.equals(update.path("$token").asText(null))) {
            return "$token, invalid or missing";
        }
        if (!update.path("$distinct_id").isTextual() || update.path("$distinct_id").asText().isEmpty()) {
            return "$distinct_id, missing or empty";
        }
        long operations = OPERATIONS.stream().filter(update::has).count();
        if (operations != 1) {
            return "profile update must contain exactly one operation, found " + operations;
        }
        if (update.has("$set") && !update.get("$set").isObject()) {
            return "$set, must be an object";
        }
        if (isRejected(update.path("$set")) || isRejected(update.path("$distinct_id"))) {
            return "$set, property values are invalid";
        }
        return null;
    }

    private ResponseDefinition importEvents(Seen request) {
        if (!"1".equals(request.query().get("strict"))) {
            return json(400, newObject().put("code", 400).put("error", "strict must be 1 for this fake: without it Mixpanel"
                    + " does not name the failed events").put("status", "Bad Request")).build();
        }
        JsonNode batch = request.json();
        if (batch == null || !batch.isArray() || batch.isEmpty()) {
            return json(400, newObject().put("code", 400).put("error", "unable to parse request body: expected a JSON array of events")
                    .put("status", "Bad Request")).build();
        }
        sawBatch(batch.size());
        if (batch.size() > MAX) {
            return json(400, newObject().put("code", 400).put("error", "too many events in request, max is " + MAX)
                    .put("status", "Bad Request")).build();
        }
        for (JsonNode event : batch) {
            if (rejectsWholeRequest(event.path("properties"))) {
                // an event too large for a request: the request is refused whole, nothing is imported
                return json(413, newObject().put("code", 413).put("error", "request exceeds max limit of 10485760 bytes")
                        .put("status", "Request Entity Too Large")).build();
            }
        }
        ArrayNode failed = JSON.createArrayNode();
        int imported = 0;
        for (int i = 0; i < batch.size(); i++) {
            JsonNode event = batch.get(i);
            String[] problem = eventProblem(event);
            if (problem != null) {
                failed.addObject().put("index", i).put("$insert_id", event.path("properties").path("$insert_id").asText(""))
                        .put("field", problem[0]).put("message", problem[1]);
            } else {
                JsonNode p = event.get("properties");
                events.put(String.join("\u0000", event.get("event").asText(), p.get("time").asText(), p.get("distinct_id").asText(),
                        p.get("$insert_id").asText()), event.deepCopy());
                imported++;
            }
        }
        if (failed.isEmpty()) {
            return json(200, newObject().put("code", 200).put("num_records_imported", imported).put("status", "OK")).build();
        }
        ObjectNode body = newObject().put("code", 400).put("error", "some data points in the request failed validation");
        body.set("failed_records", failed);
        return json(400, body.put("num_records_imported", imported).put("status", "Bad Request")).build();
    }

    /** {field, message} of the first problem of an event, or null. */
    private String[] eventProblem(JsonNode event) {
        if (!event.path("event").isTextual() || event.path("event").asText().isEmpty()) {
            return new String[] {"event", "'event' is invalid: must be a non-empty string"};
        }
        JsonNode properties = event.path("properties");
        if (!properties.isObject()) {
            return new String[] {"properties", "'properties' is invalid: must be an object"};
        }
        if (!properties.path("time").isIntegralNumber()) {
            return new String[] {"properties.time", "'properties.time' is invalid: must be specified as seconds since epoch"};
        }
        if (!properties.path("distinct_id").isTextual()) {
            return new String[] {"properties.distinct_id", "'properties.distinct_id' is invalid: must be a string"};
        }
        if (!INSERT_ID.matcher(properties.path("$insert_id").asText("")).matches()) {
            return new String[] {"properties.$insert_id", "'properties.$insert_id' is invalid: must be at most 36 alphanumeric"
                    + " characters or '-'"};
        }
        if (isRejected(properties)) {
            return new String[] {"properties", "'properties' is invalid: property values failed validation"};
        }
        return null;
    }

    private static ResponseDefinition verbose(int status, String error) {
        ObjectNode body = newObject().put("status", status);
        if (error == null) {
            body.putNull("error");
        } else {
            body.put("error", error);
        }
        return json(200, body).build();
    }
}
