package io.sluice.apps.freshdesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import io.sluice.apps.fakes.FakeApi;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Freshdesk helpdesk's Contacts API as documented: Basic auth with the API key as user and {@code X} as password,
 * {@code Content-Type: application/json} required (415 otherwise), {@code POST /api/v2/contacts} (201; a name and one
 * of email, phone, mobile, twitter_id, unique_external_id required; unknown fields refused), {@code PUT}/{@code DELETE
 * /api/v2/contacts/{id}} (404 with no body for an unknown id; delete is soft and answers 204), validation errors as
 * {@code {"description": "Validation failed", "errors": [{"field", "message", "code"}]}} (400, or 409
 * {@code duplicate_value} for a taken email or unique_external_id), and 429 with {@code Retry-After}.
 */
public final class FakeFreshdesk extends FakeApi {
    static final String DOMAIN = "acme";
    static final String API_KEY = "fd-Yk3sQ9vLmP2xR7tW";
    private static final String BASE = "/api/v2";
    private static final Pattern CONTACT = Pattern.compile(BASE + "/contacts/(\\d+)");
    private static final Set<String> FIELDS = Set.of("name", "email", "phone", "mobile", "twitter_id", "unique_external_id", "other_emails",
            "company_id", "view_all_tickets", "other_companies", "address", "avatar", "custom_fields", "description", "job_title",
            "language", "tags", "time_zone");
    private static final List<String> IDENTIFYING = List.of("email", "phone", "mobile", "twitter_id", "unique_external_id");
    private static final List<String> UNIQUE = List.of("email", "unique_external_id");

    private final Map<String, ObjectNode> contacts = new LinkedHashMap<>();

    @Override
    public String baseUrl() {
        return super.baseUrl() + BASE;
    }

    @Override
    public Map<String, String> settings() {
        return Map.of("domain", DOMAIN, "api_key", API_KEY);
    }

    @Override
    public List<String> secrets() {
        return List.of(API_KEY);
    }

    /** A contact the helpdesk already holds; answers its id. */
    public synchronized String seed(ObjectNode contact) {
        String id = nextId();
        contacts.put(id, contact.deepCopy().put("id", Long.parseLong(id)).put("deleted", false));
        return id;
    }

    public synchronized Map<String, ObjectNode> contacts() {
        return Map.copyOf(contacts);
    }

    @Override
    protected void onReset() {
        contacts.clear();
    }

    @Override
    protected boolean authorized(Seen request) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((API_KEY + ":X").getBytes(StandardCharsets.UTF_8));
        return expected.equals(request.header("Authorization"));
    }

    @Override
    protected ResponseDefinitionBuilder unauthorized(Seen request) {
        return json(401, newObject().put("code", "invalid_credentials").put("message", "You have to be logged in to perform this action."));
    }

    @Override
    protected ResponseDefinitionBuilder throttled(int retryAfterSeconds) {
        return json(429, newObject().put("message", "You have exceeded the limit of requests per minute"))
                .withHeader("Retry-After", String.valueOf(retryAfterSeconds)).withHeader("X-Ratelimit-Total", "200")
                .withHeader("X-Ratelimit-Remaining", "0").withHeader("X-Ratelimit-Used-CurrentRequest", "1");
    }

    @Override
    protected synchronized ResponseDefinition handle(Seen request) {
        String path = request.path();
        if (request.method().equals("GET") && path.equals(BASE + "/agents/me")) {
            ObjectNode agent = newObject().put("id", 43000001).put("available", true);
            agent.putObject("contact").put("name", "Support Admin").put("email", "admin@acme.example");
            return json(200, agent).build();
        }
        if (request.method().equals("POST") && path.equals(BASE + "/contacts")) {
            return create(request).build();
        }
        Matcher one = CONTACT.matcher(path);
        if (one.matches() && request.method().equals("PUT")) {
            return update(one.group(1), request).build();
        }
        if (one.matches() && request.method().equals("DELETE")) {
            sawBatch(1);
            ObjectNode contact = contacts.get(one.group(1));
            if (contact == null || contact.path("deleted").asBoolean()) {
                return notFound().build();
            }
            contact.put("deleted", true);
            return new ResponseDefinitionBuilder().withStatus(204).build();
        }
        return notFound().build();
    }

    private ResponseDefinitionBuilder create(Seen request) {
        ResponseDefinitionBuilder problem = contactProblem(request, null);
        if (problem != null) {
            return problem;
        }
        JsonNode body = request.json();
        if (!body.hasNonNull("name")) {
            return validation(400, "name", "It should be a/an String", "missing_field");
        }
        if (IDENTIFYING.stream().noneMatch(body::hasNonNull)) {
            return validation(400, "email", "Please fill at least 1 of email, mobile, phone, twitter_id, unique_external_id fields", "missing_field");
        }
        String id = nextId();
        ObjectNode contact = ((ObjectNode) body).deepCopy().put("id", Long.parseLong(id)).put("active", false).put("deleted", false);
        contacts.put(id, contact);
        return json(201, contact);
    }

    private ResponseDefinitionBuilder update(String id, Seen request) {
        ObjectNode contact = contacts.get(id);
        if (contact == null || contact.path("deleted").asBoolean()) {
            sawBatch(1);
            return notFound();
        }
        ResponseDefinitionBuilder problem = contactProblem(request, id);
        if (problem != null) {
            return problem;
        }
        contact.setAll((ObjectNode) request.json());
        return json(200, contact);
    }

    /** What Freshdesk refuses in any contact write: wrong content type, bad JSON, unknown fields, rejected values, taken values. */
    private ResponseDefinitionBuilder contactProblem(Seen request, String self) {
        sawBatch(1);
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            return json(415, newObject().put("code", "invalid_content_type")
                    .put("message", "Content-Type header is set to " + contentType + ". It should be set to application/json"));
        }
        JsonNode body = request.json();
        if (body == null || !body.isObject()) {
            return json(400, newObject().put("code", "invalid_json").put("message", "Request body has invalid json format"));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                return validation(400, name, "Unexpected/invalid field in request", "invalid_field");
            }
        }
        if (isRejected(body)) {
            return validation(400, "email", "It should be a valid email address", "invalid_value");
        }
        for (String field : UNIQUE) {
            String value = body.path(field).asText("");
            for (Map.Entry<String, ObjectNode> e : contacts.entrySet()) {
                if (!value.isEmpty() && !e.getKey().equals(self) && value.equalsIgnoreCase(e.getValue().path(field).asText(""))) {
                    return validation(409, field, "It should be a unique value", "duplicate_value");
                }
            }
        }
        return null;
    }

    /** Freshdesk's 404: no body at all. */
    private static ResponseDefinitionBuilder notFound() {
        return new ResponseDefinitionBuilder().withStatus(404);
    }

    private static ResponseDefinitionBuilder validation(int status, String field, String message, String code) {
        ObjectNode body = newObject().put("description", "Validation failed");
        ArrayNode errors = body.putArray("errors");
        errors.addObject().put("field", field).put("message", message).put("code", code);
        return json(status, body);
    }
}
