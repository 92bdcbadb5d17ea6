package io.sluice.apps.pipedrive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import io.sluice.apps.fakes.FakeApi;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Pipedrive company enforcing the documented API v2 person contract
 * (https://developers.pipedrive.com/docs/api/v1/Persons, API v2 section; migration guide):
 * <ul>
 *   <li>{@code api_token} query parameter on every request, else 401 {@code {"success": false, "error": "unauthorized access",
 *       "errorCode": 401, "error_info": ...}};</li>
 *   <li>{@code POST /api/v2/persons}, {@code PATCH|DELETE /api/v2/persons/{id}}, {@code GET /api/v1/users/me}; other paths 404;</li>
 *   <li>v2's strict input validation: only the documented body fields; {@code name} required on create; numeric fields
 *       numbers; {@code emails}/{@code phones} arrays of objects with a string {@code value}; {@code custom_fields} keys
 *       only of custom fields the company has ({@link #CUSTOM_FIELD}); else 400 {@code ERR_SCHEMA_VALIDATION_FAILED};</li>
 *   <li>persons kept in memory with numeric ids: an update or delete of an unknown id is a 404;</li>
 *   <li>429 with the {@code x-ratelimit-*} headers (no {@code Retry-After}: the rate-limiting page documents only those),
 *       500 in Pipedrive's JSON shape.</li>
 * </ul>
 */
final class FakePipedrive extends FakeApi {
    static final String TOKEN = "4f0e5c1b2a3d9e8f7a6b5c4d3e2f1a0b9c8d7e6f";
    static final String DOMAIN = "acme";
    /** The company's one custom person field, as Pipedrive names custom fields: a 40-character hash. */
    static final String CUSTOM_FIELD = "d4de1c1518b4531717c676029a45911c340390a6";
    private static final String INFO = "Please check developers.pipedrive.com for more information about Pipedrive API.";
    private static final Pattern PERSON = Pattern.compile("/api/v2/persons/(\\d+)");
    private static final Set<String> FIELDS = Set.of("name", "owner_id", "org_id", "add_time", "update_time", "emails", "phones",
            "visible_to", "label_ids", "marketing_status", "custom_fields");
    private static final Set<String> NUMBERS = Set.of("owner_id", "org_id", "visible_to");

    private final Map<String, ObjectNode> persons = new LinkedHashMap<>();

    @Override
    public String baseUrl() {
        return super.baseUrl() + "/api";
    }

    @Override
    public Map<String, String> settings() {
        return Map.of("company_domain", DOMAIN, "api_token", TOKEN);
    }

    @Override
    public List<String> secrets() {
        return List.of(TOKEN);
    }

    @Override
    public String object() {
        return "persons";
    }

    /** Adds a person as if created in Pipedrive; returns its id. */
    synchronized String seed(ObjectNode person) {
        String id = nextId();
        persons.put(id, person.deepCopy().put("id", Long.parseLong(id)));
        return id;
    }

    synchronized ObjectNode person(String id) {
        return persons.get(id);
    }

    @Override
    protected synchronized void onReset() {
        persons.clear();
    }

    @Override
    protected boolean authorized(Seen request) {
        return TOKEN.equals(request.query().get("api_token"));
    }

    @Override
    protected ResponseDefinitionBuilder unauthorized(Seen request) {
        return json(401, newObject().put("success", false).put("error", "unauthorized access").put("errorCode", 401)
                .put("error_info", INFO));
    }

    @Override
    protected ResponseDefinitionBuilder throttled(int retryAfterSeconds) {
        return json(429, newObject().put("success", false).put("error", "Request over limit").put("errorCode", 429)
                .put("error_info", INFO))
                .withHeader("x-ratelimit-limit", "20")
                .withHeader("x-ratelimit-remaining", "0")
                .withHeader("x-ratelimit-reset", String.valueOf(retryAfterSeconds));
    }

    @Override
    protected ResponseDefinitionBuilder serverError() {
        return json(500, newObject().put("success", false).put("error", "Internal server error").put("errorCode", 500)
                .put("error_info", INFO));
    }

    @Override
    protected synchronized ResponseDefinition handle(Seen request) {
        if (request.method().equals("GET") && request.path().equals("/api/v1/users/me")) {
            ObjectNode me = newObject();
            me.putObject("data").put("id", 1).put("name", "Sync User").put("company_domain", DOMAIN);
            return json(200, me.put("success", true)).build();
        }
        if (request.path().equals("/api/v2/persons")) {
            return request.method().equals("POST") ? create(request) : notFound("Unknown method .").build();
        }
        Matcher person = PERSON.matcher(request.path());
        if (!person.matches()) {
            return notFound("Unknown method .").build();
        }
        String id = person.group(1);
        return switch (request.method()) {
            case "PATCH" -> update(id, request);
            case "DELETE" -> delete(id);
            default -> notFound("Unknown method .").build();
        };
    }

    private ResponseDefinition create(Seen request) {
        sawBatch(1);
        String problem = problem(request.json(), true);
        if (problem != null) {
            return validationFailed(problem);
        }
        String id = nextId();
        ObjectNode stored = ((ObjectNode) request.json()).deepCopy().put("id", Long.parseLong(id));
        persons.put(id, stored);
        return json(200, answer(stored)).build();
    }

    private ResponseDefinition update(String id, Seen request) {
        sawBatch(1);
        if (!persons.containsKey(id)) {
            return notFound("Person not found").build();
        }
        String problem = problem(request.json(), false);
        if (problem != null) {
            return validationFailed(problem);
        }
        ObjectNode stored = persons.get(id);
        stored.setAll((ObjectNode) request.json());
        return json(200, answer(stored)).build();
    }

    private ResponseDefinition delete(String id) {
        sawBatch(1);
        if (persons.remove(id) == null) {
            return notFound("Person not found").build();
        }
        ObjectNode body = newObject().put("success", true);
        body.putObject("data").put("id", Long.parseLong(id));
        return json(200, body).build();
    }

    /** What v2's validation says about a person body, or null when it is valid. */
    private String problem(JsonNode body, boolean create) {
        if (body == null || !body.isObject()) {
            return "Validation failed: body: Request body must be a JSON object";
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                return "Validation failed: " + name + ": Parameter is not allowed";
            }
        }
        if (create && (!body.path("name").isTextual() || body.path("name").asText().isBlank())) {
            return "Validation failed: name: Required";
        }
        if (body.has("name") && !body.get("name").isTextual()) {
            return "Validation failed: name: Expected string";
        }
        for (String number : NUMBERS) {
            if (body.has(number) && !body.get(number).isNull() && !body.get(number).isIntegralNumber()) {
                return "Validation failed: " + number + ": Expected number";
            }
        }
        for (String list : List.of("emails", "phones")) {
            if (body.has(list)) {
                JsonNode entries = body.get(list);
                if (!entries.isArray()) {
                    return "Validation failed: " + list + ": Expected array";
                }
                for (JsonNode entry : entries) {
                    if (!entry.isObject() || !entry.path("value").isTextual()) {
                        return "Validation failed: " + list + ": value is required and must be a string";
                    }
                }
            }
        }
        JsonNode custom = body.path("custom_fields");
        if (!custom.isMissingNode() && !custom.isObject()) {
            return "Validation failed: custom_fields: Expected object";
        }
        for (Iterator<String> keys = custom.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals(CUSTOM_FIELD)) {
                return "Validation failed: custom_fields: Unknown custom field key '" + key + "'";
            }
        }
        if (isRejected(body)) {
            return "Validation failed: emails: Email is not valid";
        }
        return null;
    }

    private static ObjectNode answer(ObjectNode person) {
        ObjectNode body = newObject().put("success", true);
        body.set("data", person.deepCopy());
        body.putNull("additional_data");
        return body;
    }

    private static ResponseDefinition validationFailed(String message) {
        return json(400, newObject().put("success", false).put("error", message).put("code", "ERR_SCHEMA_VALIDATION_FAILED")
                .put("error_info", INFO).putNull("data").putNull("additional_data")).build();
    }

    private static ResponseDefinitionBuilder notFound(String message) {
        return json(404, newObject().put("success", false).put("error", message).put("error_info", INFO)
                .putNull("data").putNull("additional_data"));
    }
}
