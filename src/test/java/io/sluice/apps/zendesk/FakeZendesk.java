package io.sluice.apps.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import io.sluice.apps.fakes.FakeApi;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Zendesk account's Users API as documented: Basic auth with {@code {email}/token:{api_token}},
 * {@code POST /api/v2/users/create_or_update} matching an existing user by external_id (case-insensitive) or email
 * (200 when updated, 201 when created, both {@code {"user": {...}}}), {@code PUT}/{@code DELETE /api/v2/users/{id}}
 * with 404 {@code RecordNotFound} for an unknown id, 422 {@code RecordInvalid} with field details for an invalid user,
 * 429 with {@code Retry-After} in a plain-text body, and {@code GET /api/v2/users/me} for the check.
 */
public final class FakeZendesk extends FakeApi {
    static final String SUBDOMAIN = "acme";
    static final String EMAIL = "admin@acme.example";
    static final String API_TOKEN = "zd-api-token-6f1c2b9e";
    private static final String BASE = "/api/v2";
    private static final Pattern USER = Pattern.compile(BASE + "/users/(\\d+)");

    private final Map<String, ObjectNode> users = new LinkedHashMap<>();

    /** Zendesk's URLs carry {@code /api/v2}; the fake's base URL does too, so paths are checked in full. */
    @Override
    public String baseUrl() {
        return super.baseUrl() + BASE;
    }

    @Override
    public Map<String, String> settings() {
        return Map.of("subdomain", SUBDOMAIN, "email", EMAIL, "api_token", API_TOKEN);
    }

    @Override
    public List<String> secrets() {
        return List.of(API_TOKEN);
    }

    @Override
    public String object() {
        return "users";
    }

    /** A user the account already holds (as the engine's update and delete records address them); answers its id. */
    public synchronized String seed(ObjectNode user) {
        String id = nextId();
        users.put(id, user.deepCopy().put("id", Long.parseLong(id)).put("active", true));
        return id;
    }

    /** The users the account holds, by id. */
    public synchronized Map<String, ObjectNode> users() {
        return Map.copyOf(users);
    }

    @Override
    protected void onReset() {
        users.clear();
    }

    @Override
    protected boolean authorized(Seen request) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((EMAIL + "/token:" + API_TOKEN).getBytes(StandardCharsets.UTF_8));
        return expected.equals(request.header("Authorization"));
    }

    @Override
    protected ResponseDefinitionBuilder unauthorized(Seen request) {
        return json(401, newObject().put("error", "Couldn't authenticate you"));
    }

    /** Zendesk's 429: the wait in Retry-After (seconds), a plain-text body. */
    @Override
    protected ResponseDefinitionBuilder throttled(int retryAfterSeconds) {
        return new ResponseDefinitionBuilder().withStatus(429).withHeader("Retry-After", String.valueOf(retryAfterSeconds))
                .withHeader("Content-Type", "text/plain").withBody("Number of allowed API requests per minute exceeded");
    }

    @Override
    protected synchronized ResponseDefinition handle(Seen request) {
        String path = request.path();
        if (request.method().equals("GET") && path.equals(BASE + "/users/me")) {
            return json(200, wrap(newObject().put("id", 1).put("email", EMAIL).put("role", "admin"))).build();
        }
        if (request.method().equals("POST") && path.equals(BASE + "/users/create_or_update")) {
            return createOrUpdate(request).build();
        }
        Matcher one = USER.matcher(path);
        if (one.matches() && request.method().equals("PUT")) {
            return update(one.group(1), request).build();
        }
        if (one.matches() && request.method().equals("DELETE")) {
            sawBatch(1);
            ObjectNode user = users.remove(one.group(1));
            return user == null ? notFound().build() : json(200, wrap(user.put("active", false))).build();
        }
        return json(404, newObject().put("error", "InvalidEndpoint").put("description", "Not found")).build();
    }

    private ResponseDefinitionBuilder createOrUpdate(Seen request) {
        ResponseDefinitionBuilder problem = userProblem(request);
        if (problem != null) {
            return problem;
        }
        ObjectNode user = (ObjectNode) request.json().get("user");
        String existing = find(user);
        if (existing != null) {
            users.get(existing).setAll(user);
            return json(200, wrap(users.get(existing)));
        }
        if (!user.hasNonNull("name") || user.get("name").asText().isBlank()) {
            return invalid("name", "Name: is too short (minimum one character)", "BlankValue");
        }
        String id = nextId();
        users.put(id, user.deepCopy().put("id", Long.parseLong(id)).put("active", true));
        return json(201, wrap(users.get(id))).withHeader("Location", BASE + "/users/" + id + ".json");
    }

    private ResponseDefinitionBuilder update(String id, Seen request) {
        ResponseDefinitionBuilder problem = userProblem(request);
        if (problem != null) {
            return problem;
        }
        ObjectNode user = users.get(id);
        if (user == null) {
            return notFound();
        }
        user.setAll((ObjectNode) request.json().get("user"));
        user.put("id", Long.parseLong(id));
        return json(200, wrap(user));
    }

    /** What Zendesk refuses in any user write: a body that is not {"user": {...}}, and the users a test rejects. */
    private ResponseDefinitionBuilder userProblem(Seen request) {
        sawBatch(1);
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            return json(415, newObject().put("error", "UnsupportedMediaType").put("description", "Content-Type must be application/json"));
        }
        JsonNode user = request.json() == null ? null : request.json().get("user");
        if (user == null || !user.isObject()) {
            return json(400, newObject().put("error", "ParameterMissing").put("description", "param is missing or the value is empty: user"));
        }
        if (isRejected(user)) {
            return invalid("email", "Email: " + user.path("email").asText() + " is not properly formatted", "InvalidFormat");
        }
        return null;
    }

    private String find(JsonNode user) {
        String externalId = user.path("external_id").asText("");
        String email = user.path("email").asText("");
        for (Map.Entry<String, ObjectNode> e : users.entrySet()) {
            boolean sameExternalId = !externalId.isEmpty()
                    && externalId.toLowerCase(Locale.ROOT).equals(e.getValue().path("external_id").asText("").toLowerCase(Locale.ROOT));
            boolean sameEmail = !email.isEmpty() && email.equalsIgnoreCase(e.getValue().path("email").asText(""));
            if (sameExternalId || sameEmail) {
                return e.getKey();
            }
        }
        return null;
    }

    private static ObjectNode wrap(ObjectNode user) {
        ObjectNode body = newObject();
        body.set("user", user);
        return body;
    }

    private static ResponseDefinitionBuilder notFound() {
        return json(404, newObject().put("error", "RecordNotFound").put("description", "Not found"));
    }

    private static ResponseDefinitionBuilder invalid(String field, String description, String error) {
        ObjectNode body = newObject().put("error", "RecordInvalid").put("description", "Record validation errors");
        body.putObject("details").putArray(field).addObject().put("description", description).put("error", error);
        return json(422, body);
    }
}
