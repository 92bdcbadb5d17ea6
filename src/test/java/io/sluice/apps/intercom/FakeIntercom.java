package io.sluice.apps.intercom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import io.sluice.apps.fakes.FakeApi;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Intercom workspace's Contacts API as documented: Bearer access token, an {@code Intercom-Version} header naming a
 * known version, {@code POST /contacts} (200 with the contact; 409 {@code conflict} when a contact with that email or
 * external_id exists), {@code PUT}/{@code DELETE /contacts/{id}} (404 {@code not_found} for an unknown id), errors as
 * {@code {"type": "error.list", "errors": [{"code", "message"}]}}, and 429 whose only wait is {@code X-RateLimit-Reset},
 * a UNIX timestamp read on {@link #clock(Supplier) the clock} the test gives (the connection's).
 */
public final class FakeIntercom extends FakeApi {
    static final String TOKEN = "ic-token-dG9rOjk1YjYxZDA4";
    static final String VERSION = "2.11";
    private static final Set<String> VERSIONS = Set.of("2.7", "2.8", "2.9", "2.10", "2.11", "2.12", "2.13", "2.14", "Unstable");
    private static final Pattern CONTACT = Pattern.compile("/contacts/([0-9a-f]+)");

    private final Map<String, ObjectNode> contacts = new LinkedHashMap<>();
    private Supplier<Instant> clock = Instant::now;

    @Override
    public Map<String, String> settings() {
        return Map.of("access_token", TOKEN, "api_version", VERSION);
    }

    @Override
    public List<String> secrets() {
        return List.of(TOKEN);
    }

    /** The clock X-RateLimit-Reset is computed on: the connection's, so that a manual clock's wait is the one asked for. */
    public synchronized void clock(Supplier<Instant> now) {
        this.clock = now;
    }

    /** A contact the workspace already holds; answers its Intercom id. */
    public synchronized String seed(ObjectNode contact) {
        String id = intercomId();
        contacts.put(id, contact.deepCopy().put("type", "contact").put("id", id));
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
        return ("Bearer " + TOKEN).equals(request.header("Authorization"));
    }

    @Override
    protected ResponseDefinitionBuilder unauthorized(Seen request) {
        return error(401, "unauthorized", "Access Token Invalid");
    }

    /** Intercom's 429: no Retry-After, the window's reset as a UNIX timestamp (rounded up, so the wait is at least the one asked). */
    @Override
    protected synchronized ResponseDefinitionBuilder throttled(int retryAfterSeconds) {
        Instant reset = clock.get().plusSeconds(retryAfterSeconds);
        long epoch = reset.getEpochSecond() + (reset.getNano() > 0 ? 1 : 0);
        return error(429, "rate_limit_exceeded", "Rate Limit Exceeded").withHeader("X-RateLimit-Limit", "10000")
                .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", String.valueOf(epoch));
    }

    /** Intercom's own 5xx: an error.list with code server_error. */
    @Override
    protected ResponseDefinitionBuilder serverError() {
        return error(500, "server_error", "Server Error");
    }

    @Override
    protected synchronized ResponseDefinition handle(Seen request) {
        String version = request.header("Intercom-Version");
        if (version == null || !VERSIONS.contains(version)) {
            return error(400, "intercom_version_invalid", "Requested an invalid version").build();
        }
        String path = request.path();
        if (request.method().equals("GET") && path.equals("/me")) {
            return json(200, newObject().put("type", "admin").put("id", "991267").put("email", "admin@acme.example")).build();
        }
        if (request.method().equals("POST") && path.equals("/contacts")) {
            return create(request).build();
        }
        Matcher one = CONTACT.matcher(path);
        if (one.matches() && request.method().equals("PUT")) {
            return update(one.group(1), request).build();
        }
        if (one.matches() && request.method().equals("DELETE")) {
            sawBatch(1);
            ObjectNode contact = contacts.remove(one.group(1));
            if (contact == null) {
                return notFound().build();
            }
            return json(200, newObject().put("id", one.group(1)).put("external_id", contact.path("external_id").asText(null))
                    .put("type", "contact").put("deleted", true)).build();
        }
        return error(404, "not_found", "Resource Not Found").build();
    }

    private ResponseDefinitionBuilder create(Seen request) {
        ResponseDefinitionBuilder problem = contactProblem(request);
        if (problem != null) {
            return problem;
        }
        JsonNode body = request.json();
        if (!body.hasNonNull("email") && !body.hasNonNull("external_id") && !body.hasNonNull("role")) {
            return error(400, "parameter_invalid", "Role, email or external_id is required");
        }
        String existing = find(body);
        if (existing != null) {
            return error(409, "conflict", "A contact matching those details already exists with id=" + existing);
        }
        String id = intercomId();
        ObjectNode contact = ((ObjectNode) body).deepCopy().put("type", "contact").put("id", id);
        if (!contact.has("role")) {
            contact.put("role", "user");
        }
        contacts.put(id, contact);
        return json(200, contact);
    }

    private ResponseDefinitionBuilder update(String id, Seen request) {
        ResponseDefinitionBuilder problem = contactProblem(request);
        if (problem != null) {
            return problem;
        }
        ObjectNode contact = contacts.get(id);
        if (contact == null) {
            return notFound();
        }
        contact.setAll((ObjectNode) request.json());
        contact.put("id", id);
        return json(200, contact);
    }

    /** What Intercom refuses in any contact write: a body that is no JSON object, a bad role, the contacts a test rejects. */
    private ResponseDefinitionBuilder contactProblem(Seen request) {
        sawBatch(1);
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json") || request.json() == null || !request.json().isObject()) {
            return error(400, "parameter_invalid", "Request body must be a JSON object");
        }
        String role = request.json().path("role").asText("user");
        if (!role.equals("user") && !role.equals("lead")) {
            return error(400, "parameter_invalid", "Role must be user or lead");
        }
        if (isRejected(request.json())) {
            return error(400, "parameter_invalid", "The email " + request.json().path("email").asText() + " is invalid");
        }
        return null;
    }

    private String find(JsonNode contact) {
        for (Map.Entry<String, ObjectNode> e : contacts.entrySet()) {
            for (String field : List.of("email", "external_id")) {
                if (contact.hasNonNull(field) && contact.get(field).asText().equalsIgnoreCase(e.getValue().path(field).asText(""))) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    private String intercomId() {
        return String.format("%024x", Long.parseLong(nextId()));
    }

    private static ResponseDefinitionBuilder notFound() {
        return error(404, "not_found", "User Not Found");
    }

    private static ResponseDefinitionBuilder error(int status, String code, String message) {
        ObjectNode body = newObject().put("type", "error.list").put("request_id", UUID.randomUUID().toString());
        body.putArray("errors").addObject().put("code", code).put("message", message);
        return json(status, body);
    }
}
