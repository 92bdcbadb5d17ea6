package io.sluice.apps.customerio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import io.sluice.apps.fakes.FakeApi;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Customer.io's Track API (v1) as its reference documents it: HTTP Basic authentication with the site id as user
 * and the Track API key as password (401 otherwise); {@code PUT /api/v1/customers/{identifier}} adds or updates a
 * person from a JSON object of attributes (at most 300 attributes, names at most 150 bytes, values at most 1000
 * bytes); {@code DELETE /api/v1/customers/{identifier}} removes one; {@code POST /api/v1/customers/{identifier}/events}
 * records an event, which needs a {@code name}; {@code GET /api/v1/accounts/region} names the workspace's region.
 * Successes are 200 with an empty object; an invalid request is a 400 {@code {"meta": {"error": "..."}}}. A 429
 * carries {@code Retry-After}.
 */
public final class FakeCustomerIo extends FakeApi {
    public static final String SITE_ID = "a1b2c3d4e5f6a7b8c9d0";
    public static final String API_KEY = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
    private static final Pattern CUSTOMER = Pattern.compile("/api/v1/customers/([^/]+)(/events)?");

    private final Map<String, ObjectNode> people = new LinkedHashMap<>();
    private final List<JsonNode> events = new ArrayList<>();

    @Override
    public Map<String, String> settings() {
        return Map.of("site_id", SITE_ID, "api_key", API_KEY, "region", "us");
    }

    /** The Track API's base URL ends in {@code /api/v1}, as the definition's does; the fake sees whole paths. */
    @Override
    public String baseUrl() {
        return super.baseUrl() + "/api/v1";
    }

    @Override
    public List<String> secrets() {
        return List.of(API_KEY, basic(SITE_ID, API_KEY));
    }

    @Override
    public String object() {
        return "people";
    }

    /** The attributes of the person with this identifier, or null. */
    public synchronized ObjectNode person(String identifier) {
        return people.get(identifier);
    }

    /** The events recorded, each with the person's identifier under {@code customer}. */
    public synchronized List<JsonNode> events() {
        return List.copyOf(events);
    }

    @Override
    protected synchronized void onReset() {
        people.clear();
        events.clear();
    }

    @Override
    protected boolean authorized(Seen request) {
        return ("Basic " + basic(SITE_ID, API_KEY)).equals(request.header("Authorization"));
    }

    @Override
    protected ResponseDefinitionBuilder unauthorized(Seen request) {
        return error(401, "Unauthorized request");
    }

    @Override
    protected ResponseDefinitionBuilder throttled(int retryAfterSeconds) {
        return error(429, "Too many requests").withHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }

    @Override
    protected synchronized ResponseDefinition handle(Seen request) {
        if (request.method().equals("GET") && request.path().equals("/api/v1/accounts/region")) {
            return json(200, newObject().put("url", "https://track.customer.io").put("data_center", "us").put("environment_id", 81))
                    .build();
        }
        Matcher m = CUSTOMER.matcher(request.path());
        if (!m.matches()) {
            return error(404, "not found").build();
        }
        String identifier = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        boolean event = m.group(2) != null;
        return switch (request.method() + (event ? " events" : "")) {
            case "PUT" -> identify(identifier, request);
            case "DELETE" -> {
                people.remove(identifier);
                yield ok();
            }
            case "POST events" -> event(identifier, request);
            default -> error(405, "method not allowed").build();
        };
    }

    private ResponseDefinition identify(String identifier, Seen request) {
        sawBatch(1);
        JsonNode body = request.json();
        if (identifier.isBlank()) {
            return error(400, "id attribute cannot be an empty string").build();
        }
        if (body == null || !body.isObject()) {
            return error(400, "request body must be a JSON object of attributes").build();
        }
        if (body.size() > 300) {
            return error(400, "cannot identify more than 300 attributes in one request").build();
        }
        for (var fields = body.properties().iterator(); fields.hasNext(); ) {
            var f = fields.next();
            if (f.getKey().getBytes(StandardCharsets.UTF_8).length > 150) {
                return error(400, "attribute name cannot be longer than 150 bytes").build();
            }
            if (f.getValue().toString().getBytes(StandardCharsets.UTF_8).length > 1000) {
                return error(400, "value for attribute '" + f.getKey() + "' cannot be longer than 1000 bytes").build();
            }
        }
        if (isRejected(body)) {
            return error(400, "value for attribute 'email' must be a valid email address").build();
        }
        people.merge(identifier, ((ObjectNode) body).deepCopy(), (old, now) -> old.setAll(now));
        return ok();
    }

    private ResponseDefinition event(String identifier, Seen request) {
        sawBatch(1);
        JsonNode body = request.json();
        if (body == null || !body.isObject()) {
            return error(400, "request body must be a JSON object").build();
        }
        if (body.path("name").asText("").isBlank()) {
            return error(400, "name cannot be blank").build();
        }
        if (isRejected(body)) {
            return error(400, "event data is invalid").build();
        }
        ObjectNode recorded = ((ObjectNode) body).deepCopy();
        recorded.put("customer", identifier);
        events.add(recorded);
        return ok();
    }

    private static ResponseDefinition ok() {
        return json(200, newObject()).build();
    }

    private static ResponseDefinitionBuilder error(int status, String message) {
        ObjectNode body = newObject();
        body.putObject("meta").put("error", message);
        return json(status, body);
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
