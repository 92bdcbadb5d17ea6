package io.sluice.apps.tiny;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import io.sluice.apps.fakes.FakeApi;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny CRM for the runtime's own tests: contacts created one by one ({@code POST /contacts}, answering the new id),
 * updated ({@code PATCH /contacts/<id>}) and deleted ({@code DELETE /contacts/<id>}); or upserted by email in batches of
 * at most {@value #MAX_BATCH} ({@code POST /contacts/batch/upsert}: results with id and email, per-record errors apart with
 * the record's index, 207 when some failed) and archived in batches ({@code POST /contacts/batch/archive}). Bearer token
 * authentication; {@code GET /me} proves it. Besides: {@code DELETE /contacts/by-email/<email>} and events
 * ({@code POST /events}, answering an event id); and for tests that reach the fake over HTTP only (a Quarkus test's fake lives in
 * another class loader), {@code GET /contacts} (by id) and {@code GET /events}.
 */
public final class FakeTiny extends FakeApi {
    public static final String TOKEN = "tiny-secret-token-42";
    static final int MAX_BATCH = 10;

    /** Contacts by id: their properties. */
    private final Map<String, JsonNode> contacts = new ConcurrentHashMap<>();
    /** Events received, in order. */
    private final List<JsonNode> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    protected ResponseDefinition handle(Seen request) {
        String path = request.path();
        if (request.method().equals("GET") && path.equals("/me")) {
            return json(200, newObject().put("user", "tiny")).build();
        }
        if (request.method().equals("GET") && path.equals("/contacts")) {
            ObjectNode list = newObject();
            contacts.forEach((id, c) -> list.set(id, c));
            return json(200, list).build();
        }
        if (request.method().equals("GET") && path.equals("/events")) {
            ArrayNode list = JSON.createArrayNode();
            events.forEach(list::add);
            return json(200, list).build();
        }
        if (request.method().equals("POST") && path.equals("/contacts")) {
            sawBatch(1);
            JsonNode properties = request.json() == null ? null : request.json().get("properties");
            if (properties == null || !properties.isObject()) {
                return json(400, newObject().put("error", "body needs properties")).build();
            }
            if (isRejected(properties)) {
                return json(422, newObject().put("error", "email is not valid")).build();
            }
            String id = nextId();
            contacts.put(id, properties);
            return json(201, newObject().put("id", id).set("properties", properties)).build();
        }
        if (request.method().equals("DELETE") && path.startsWith("/contacts/by-email/")) {
            String email = java.net.URLDecoder.decode(path.substring("/contacts/by-email/".length()), java.nio.charset.StandardCharsets.UTF_8);
            sawBatch(1);
            contacts.entrySet().removeIf(e -> email.equals(e.getValue().path("email").asText()));
            return new ResponseDefinitionBuilder().withStatus(204).build();
        }
        if (request.method().equals("POST") && path.equals("/events")) {
            sawBatch(1);
            if (request.json() == null || !request.json().isObject()) {
                return json(400, newObject().put("error", "an event is a JSON object")).build();
            }
            events.add(request.json());
            return json(202, newObject().put("event_id", "ev-" + nextId())).build();
        }
        if (path.startsWith("/contacts/") && !path.startsWith("/contacts/batch/")) {
            String id = path.substring("/contacts/".length());
            sawBatch(1);
            if (request.method().equals("PATCH")) {
                contacts.put(id, request.json() == null ? newObject() : request.json().path("properties"));
                return json(200, newObject().put("id", id)).build();
            }
            if (request.method().equals("DELETE")) {
                contacts.remove(id);
                return new ResponseDefinitionBuilder().withStatus(204).build();
            }
        }
        if (request.method().equals("POST") && path.equals("/contacts/batch/upsert")) {
            return upsert(request.json());
        }
        if (request.method().equals("POST") && path.equals("/contacts/batch/archive")) {
            JsonNode inputs = request.json() == null ? null : request.json().get("inputs");
            if (inputs == null || !inputs.isArray()) {
                return json(400, newObject().put("message", "body needs inputs")).build();
            }
            sawBatch(inputs.size());
            inputs.forEach(i -> contacts.remove(i.path("id").asText()));
            return new ResponseDefinitionBuilder().withStatus(204).build();
        }
        return json(404, newObject().put("error", "no route " + request.method() + " " + path)).build();
    }

    private ResponseDefinition upsert(JsonNode body) {
        JsonNode inputs = body == null ? null : body.get("inputs");
        if (inputs == null || !inputs.isArray()) {
            return json(400, newObject().put("message", "body needs inputs")).build();
        }
        sawBatch(inputs.size());
        if (inputs.size() > MAX_BATCH) {
            return json(400, newObject().put("message", "at most " + MAX_BATCH + " inputs")).build();
        }
        for (JsonNode input : inputs) {
            if (rejectsWholeRequest(input)) {
                return json(400, newObject().put("message", "invalid input: the whole request is refused")).build();
            }
        }
        ObjectNode answer = newObject();
        ArrayNode results = answer.putArray("results");
        ArrayNode errors = answer.putArray("errors");
        // results come in no particular order, as real batch APIs answer: last first
        for (int i = inputs.size() - 1; i >= 0; i--) {
            JsonNode input = inputs.get(i);
            if (isRejected(input)) {
                errors.addObject().put("index", i).put("message", "email is not valid");
                continue;
            }
            String email = input.path("email").asText();
            String id = contacts.entrySet().stream().filter(e -> email.equals(e.getValue().path("email").asText())).map(Map.Entry::getKey)
                    .findFirst().orElseGet(this::nextId);
            contacts.put(id, input.path("properties"));
            results.addObject().put("id", id).put("email", email);
        }
        return json(errors.isEmpty() ? 200 : 207, answer).build();
    }

    /** The contacts the fake holds, by id. */
    public Map<String, JsonNode> contacts() {
        return Map.copyOf(contacts);
    }

    /** The events the fake received ({@code POST /events}). */
    public List<JsonNode> events() {
        return List.copyOf(events);
    }

    @Override
    protected void onReset() {
        contacts.clear();
        events.clear();
    }

    @Override
    protected boolean authorized(Seen request) {
        return ("Bearer " + TOKEN).equals(request.header("Authorization"));
    }

    @Override
    protected ResponseDefinitionBuilder unauthorized(Seen request) {
        return json(401, newObject().put("error", "invalid token"));
    }

    @Override
    protected ResponseDefinitionBuilder throttled(int retryAfterSeconds) {
        return json(429, newObject().put("error", "slow down")).withHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }

    @Override
    public Map<String, String> settings() {
        return Map.of("api_token", TOKEN);
    }

    @Override
    public List<String> secrets() {
        return List.of(TOKEN);
    }
}
