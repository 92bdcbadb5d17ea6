package io.sluice.apps.braze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import io.sluice.apps.fakes.FakeApi;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A Braze REST instance as its API pages document it: {@code Authorization: Bearer <REST API key>} (401 for an
 * unknown key); {@code POST /users/track} with up to 75 attribute objects, each naming its user by
 * {@code external_id}, {@code user_alias}, {@code braze_id}, {@code email} or {@code phone}, answered 201 with
 * {@code attributes_processed} and, for objects it refused, {@code errors[]} of {@code {type, input_array, index}};
 * more than 75 objects is a fatal 400 "Max Input Length Exceeded"; an empty request is a 400 ("Valid data must be
 * provided..."); {@code POST /users/delete} with up to 50 {@code external_ids} (more: 400), answered
 * {@code {"deleted": n}}. Its 429 carries {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and
 * {@code X-RateLimit-Reset} (UTC epoch seconds), read on {@link #clock} so that a test's manual clock agrees.
 */
public final class FakeBraze extends FakeApi {
    public static final String API_KEY = "braze-rest-key-5f1c0d2e-0000-4a4b-9c9d-0123456789ab";
    static final int TRACK_MAX = 75;
    static final int DELETE_MAX = 50;
    private static final List<String> USER_KEYS = List.of("external_id", "user_alias", "braze_id", "email", "phone");

    /** Users by external id (or by the other identifier they were given): their attributes. */
    private final Map<String, ObjectNode> users = new LinkedHashMap<>();
    private Supplier<Instant> clock = Instant::now;

    @Override
    public Map<String, String> settings() {
        return Map.of("api_key", API_KEY, "instance", "rest.iad-01.braze.com");
    }

    @Override
    public List<String> secrets() {
        return List.of(API_KEY);
    }

    @Override
    public String object() {
        return "users";
    }

    /** The clock the fake reads for {@code X-RateLimit-Reset} (the connection's, in a test with a manual clock). */
    public synchronized void clock(Supplier<Instant> now) {
        this.clock = now;
    }

    /** The attributes Braze holds for the user with this external id, or null. */
    public synchronized ObjectNode user(String externalId) {
        return users.get(externalId);
    }

    @Override
    protected synchronized void onReset() {
        users.clear();
    }

    @Override
    protected boolean authorized(Seen request) {
        return ("Bearer " + API_KEY).equals(request.header("Authorization"));
    }

    @Override
    protected ResponseDefinitionBuilder unauthorized(Seen request) {
        return message(401, request.header("Authorization") == null ? "Missing REST API key" : "Invalid API key");
    }

    @Override
    protected synchronized ResponseDefinitionBuilder throttled(int retryAfterSeconds) {
        long reset = clock.get().plusSeconds(retryAfterSeconds).getEpochSecond();
        return message(429, "API rate limit reached").withHeader("X-RateLimit-Limit", "3000")
                .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", String.valueOf(reset));
    }

    @Override
    protected synchronized ResponseDefinition handle(Seen request) {
        String route = request.method() + " " + request.path();
        return switch (route) {
            case "POST /users/track" -> track(request);
            case "POST /users/delete" -> delete(request);
            default -> message(404, "Not Found").build();
        };
    }

    private ResponseDefinition track(Seen request) {
        JsonNode body = request.json();
        if (body == null || !body.isObject() || !(body.has("attributes") || body.has("events") || body.has("purchases"))) {
            return message(400, "Valid data must be provided in the 'attributes', 'events', or 'purchases' fields.").build();
        }
        if (!"application/json".equals(mediaType(request))) {
            return message(400, "Bad Request: Content-Type must be application/json").build();
        }
        JsonNode attributes = body.path("attributes");
        if (!attributes.isArray()) {
            return message(400, "'attributes' must be an array of attributes objects").build();
        }
        sawBatch(attributes.size());
        if (attributes.size() > TRACK_MAX) {
            return message(400, "Max Input Length Exceeded").build();
        }
        for (JsonNode a : attributes) {
            if (rejectsWholeRequest(a)) {
                return message(400, "Bad Request: the request could not be parsed").build();
            }
        }
        ArrayNode errors = JSON.createArrayNode();
        int processed = 0;
        for (int i = 0; i < attributes.size(); i++) {
            JsonNode a = attributes.get(i);
            String key = USER_KEYS.stream().filter(k -> a.hasNonNull(k) && !a.get(k).asText().isBlank()).findFirst().orElse(null);
            String problem = !a.isObject() ? "attributes object must be a JSON object"
                    : key == null ? "'external_id', 'braze_id', 'user_alias', 'email' or 'phone' is required"
                    : isRejected(a) ? "'email' must be a valid email address" : null;
            if (problem != null) {
                errors.addObject().put("type", problem).put("input_array", "attributes").put("index", i);
                continue;
            }
            users.merge(a.get(key).asText(), ((ObjectNode) a).deepCopy(), (old, now) -> old.setAll(now));
            processed++;
        }
        ObjectNode answer = newObject();
        if (processed == 0) {
            answer.put("message", "Valid data must be provided in the 'attributes', 'events', or 'purchases' fields.");
            answer.set("errors", errors);
            return json(400, answer).build();
        }
        answer.put("attributes_processed", processed).put("message", "success");
        if (!errors.isEmpty()) {
            answer.set("errors", errors);
        }
        return json(201, answer).build();
    }

    private ResponseDefinition delete(Seen request) {
        JsonNode ids = request.json() == null ? null : request.json().get("external_ids");
        if (ids == null || !ids.isArray()) {
            return message(400, "No external_ids, user_aliases or braze_ids were provided").build();
        }
        sawBatch(ids.size());
        if (ids.size() > DELETE_MAX) {
            return message(400, "The max number of external_ids and aliases per request was exceeded").build();
        }
        int deleted = 0;
        for (JsonNode id : ids) {
            if (!id.isTextual()) {
                return message(400, "external_ids must be strings").build();
            }
            users.remove(id.asText());
            deleted++;
        }
        ObjectNode answer = newObject().put("deleted", deleted).put("message", "success");
        return json(201, answer).build();
    }

    private static String mediaType(Seen request) {
        String type = request.header("Content-Type");
        return type == null ? null : type.split(";")[0].trim();
    }

    private static ResponseDefinitionBuilder message(int status, String message) {
        return json(status, newObject().put("message", message));
    }
}
