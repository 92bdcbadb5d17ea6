package io.sluice.apps.attio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import io.sluice.apps.fakes.FakeApi;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Attio workspace enforcing the documented REST API v2 record contract (assert a record, delete a record,
 * identify; errors, rate limiting guides):
 * <ul>
 *   <li>{@code Authorization: Bearer <token>} on every request, else 401 in Attio's error shape
 *       {@code {"status_code", "type": "auth_error", "code", "message"}};</li>
 *   <li>{@code PUT /v2/objects/{object}/records?matching_attribute=...}: the object must exist (404 {@code not_found}),
 *       the matching attribute must be one of its unique attributes (400 {@code value_not_found}), the body must be
 *       {@code {"data": {"values": {...}}}} with values keyed by the object's attribute slugs (400 {@code value_not_found})
 *       and holding the matching attribute (400 {@code validation_type}); a record with the same matching value is
 *       updated, else one is created with a UUID {@code record_id};</li>
 *   <li>{@code DELETE /v2/objects/{object}/records/{record_id}}: 200 {@code {}}, or 404 for an unknown record;</li>
 *   <li>{@code GET /v2/self} for the connection check;</li>
 *   <li>429 with {@code Retry-After} as an HTTP date (the rate-limiting guide: "a date at which the limit resets"),
 *       measured on {@link #useClock the connection's clock}; 500 in Attio's error shape.</li>
 * </ul>
 */
final class FakeAttio extends FakeApi {
    static final String TOKEN = "a7c3e9f1b5d24e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";
    private static final String WORKSPACE = "14beef7a-99f7-4534-a87e-70b564330a4c";
    private static final Pattern RECORDS = Pattern.compile("/v2/objects/([^/]+)/records");
    private static final Pattern RECORD = Pattern.compile("/v2/objects/([^/]+)/records/([^/]+)");
    /** Each object's attribute slugs ({@code external_id} is a workspace's custom text attribute) and its unique ones. */
    private static final Map<String, Set<String>> ATTRIBUTES = Map.of(
            "people", Set.of("name", "email_addresses", "phone_numbers", "job_title", "description", "company",
                    "primary_location", "linkedin", "external_id"),
            "companies", Set.of("name", "domains", "description", "categories", "external_id"));
    private static final Map<String, Set<String>> UNIQUE = Map.of("people", Set.of("email_addresses"), "companies", Set.of("domains"));
    private static final Map<String, String> OBJECT_IDS = Map.of("people", "97052eb9-e65e-443f-a297-f2d9a4a7f795",
            "companies", "5b1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");

    /** Per object: record id -> values. */
    private final Map<String, Map<String, ObjectNode>> records = new HashMap<>();
    private Supplier<Instant> clock = Instant::now;

    @Override
    public Map<String, String> settings() {
        return Map.of("access_token", TOKEN);
    }

    @Override
    public List<String> secrets() {
        return List.of(TOKEN);
    }

    @Override
    public String object() {
        return "people";
    }

    /** The time Retry-After dates are computed from: the connection's clock, so that a test's waits are exact. */
    synchronized void useClock(Supplier<Instant> now) {
        this.clock = now;
    }

    /** Adds a record as if created in Attio; returns its record id. */
    synchronized String seed(String object, ObjectNode values) {
        String id = UUID.randomUUID().toString();
        records.computeIfAbsent(object, o -> new LinkedHashMap<>()).put(id, values.deepCopy());
        return id;
    }

    synchronized Map<String, ObjectNode> records(String object) {
        return Map.copyOf(records.getOrDefault(object, Map.of()));
    }

    @Override
    protected synchronized void onReset() {
        records.clear();
    }

    @Override
    protected boolean authorized(Seen request) {
        return ("Bearer " + TOKEN).equals(request.header("Authorization"));
    }

    @Override
    protected ResponseDefinitionBuilder unauthorized(Seen request) {
        return error(401, "auth_error", "unauthorized", "Invalid or expired access token.");
    }

    @Override
    protected synchronized ResponseDefinitionBuilder throttled(int retryAfterSeconds) {
        Instant resets = clock.get().plusSeconds(retryAfterSeconds);
        if (resets.getNano() != 0) {
            resets = resets.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1); // an HTTP date has whole seconds: round up
        }
        return error(429, "rate_limit_error", "rate_limit_exceeded", "Rate limit exceeded, please try again later")
                .withHeader("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(resets.atOffset(ZoneOffset.UTC)));
    }

    @Override
    protected ResponseDefinitionBuilder serverError() {
        return error(500, "api_error", "internal_server_error", "An unexpected error occurred.");
    }

    @Override
    protected synchronized ResponseDefinition handle(Seen request) {
        if (request.method().equals("GET") && request.path().equals("/v2/self")) {
            return json(200, newObject().put("active", true).put("scope", "record_permission:read-write object_configuration:read")
                    .put("workspace_id", WORKSPACE).put("workspace_name", "Acme").put("token_type", "Bearer")).build();
        }
        Matcher one = RECORD.matcher(request.path());
        if (one.matches() && request.method().equals("DELETE")) {
            return delete(one.group(1), one.group(2));
        }
        Matcher all = RECORDS.matcher(request.path());
        if (all.matches() && request.method().equals("PUT")) {
            return assertRecord(all.group(1), request);
        }
        return error(404, "invalid_request_error", "not_found", "Route " + request.method() + " " + request.path() + " not found.").build();
    }

    private ResponseDefinition assertRecord(String object, Seen request) {
        sawBatch(1);
        if (!ATTRIBUTES.containsKey(object)) {
            return error(404, "invalid_request_error", "not_found", "Object with slug/ID \"" + object + "\" not found.").build();
        }
        String matching = request.query().get("matching_attribute");
        if (matching == null || !UNIQUE.get(object).contains(matching)) {
            return error(400, "invalid_request_error", "value_not_found",
                    "No unique attribute was found for matching_attribute slug/ID \"" + matching + "\".").build();
        }
        JsonNode values = request.json() == null ? null : request.json().path("data").path("values");
        if (values == null || !values.isObject()) {
            return error(400, "invalid_request_error", "validation_type", "Body payload validation error: data.values is required.").build();
        }
        for (Iterator<String> slugs = values.fieldNames(); slugs.hasNext(); ) {
            String slug = slugs.next();
            if (!ATTRIBUTES.get(object).contains(slug)) {
                return error(400, "invalid_request_error", "value_not_found", "Cannot find attribute with slug/ID \"" + slug + "\".").build();
            }
        }
        String key = firstValue(values.path(matching));
        if (key == null) {
            return error(400, "invalid_request_error", "validation_type",
                    "A value for the matching attribute \"" + matching + "\" is required.").build();
        }
        if (matching.equals("email_addresses") && !key.contains("@") || isRejected(values)) {
            return error(400, "invalid_request_error", "validation_type",
                    "Invalid value was passed to attribute with slug \"" + matching + "\".").build();
        }
        Map<String, ObjectNode> stored = records.computeIfAbsent(object, o -> new LinkedHashMap<>());
        String id = stored.entrySet().stream().filter(e -> key.equals(firstValue(e.getValue().path(matching))))
                .map(Map.Entry::getKey).findFirst().orElseGet(() -> UUID.randomUUID().toString());
        ObjectNode record = stored.computeIfAbsent(id, i -> newObject());
        record.setAll((ObjectNode) values);
        ObjectNode body = newObject();
        ObjectNode data = body.putObject("data");
        data.putObject("id").put("workspace_id", WORKSPACE).put("object_id", OBJECT_IDS.get(object)).put("record_id", id);
        data.put("created_at", "2026-01-01T00:00:00.000000000Z").put("web_url", "https://app.attio.com/acme/person/" + id);
        data.set("values", record.deepCopy());
        return json(200, body).build();
    }

    private ResponseDefinition delete(String object, String id) {
        sawBatch(1);
        Map<String, ObjectNode> stored = records.get(object);
        if (stored == null || stored.remove(id) == null) {
            return error(404, "invalid_request_error", "not_found", "Record with ID \"" + id + "\" not found.").build();
        }
        return json(200, newObject()).build();
    }

    /** The first value of an attribute as written: a string, an array's first string, or an object's email/domain. */
    private static String firstValue(JsonNode value) {
        JsonNode first = value.isArray() ? value.path(0) : value;
        if (first.isTextual()) {
            return first.asText();
        }
        for (String field : List.of("email_address", "domain")) {
            if (first.path(field).isTextual()) {
                return first.path(field).asText();
            }
        }
        return null;
    }

    private static ResponseDefinitionBuilder error(int status, String type, String code, String message) {
        return json(status, newObject().put("status_code", status).put("type", type).put("code", code).put("message", message));
    }
}
