package io.sluice.apps.klaviyo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import io.sluice.apps.fakes.FakeApi;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Klaviyo's profile API as its reference documents it (revision 2026-07-15): private-key authentication in
 * {@code Authorization: Klaviyo-API-Key <key>}, a required {@code revision} header, JSON:API bodies; Create or
 * Update Profile ({@code POST /api/profile-import}: 201 with a new profile, 200 when one with the same email, phone
 * number or external id existed, the profile's id in {@code data.id}), Request Profile Deletion
 * ({@code POST /api/data-privacy-deletion-jobs}: 202, exactly one identifier), Get Accounts, and JSON:API error
 * documents ({@code errors[]} with {@code id}, {@code status}, {@code code}, {@code title}, {@code detail},
 * {@code source.pointer}) for 400, 401, 404, 415 and 429 (with {@code Retry-After}).
 *
 * <p>Attributes outside the profile's documented ones are refused (400), as Klaviyo refuses unknown fields of a
 * resource; a profile needs one of email, phone number or external id.
 */
public final class FakeKlaviyo extends FakeApi {
    public static final String API_KEY = "pk_fake0123456789abcdef";
    static final String REVISION = "2026-07-15";
    private static final Set<String> ATTRIBUTES = Set.of("email", "phone_number", "external_id", "_kx", "first_name", "last_name",
            "organization", "locale", "title", "image", "location", "properties");
    private static final List<String> IDENTIFIERS = List.of("email", "phone_number", "external_id");

    /** Profiles by Klaviyo id; their attributes. */
    private final Map<String, ObjectNode> profiles = new LinkedHashMap<>();
    /** The ids of deletion jobs requested, by profile id (what a test can look at). */
    private final Map<String, String> deletions = new HashMap<>();

    @Override
    public Map<String, String> settings() {
        return Map.of("api_key", API_KEY, "revision", REVISION);
    }

    /** Klaviyo's base URL ends in {@code /api}, as the definition's does; the fake sees whole paths. */
    @Override
    public String baseUrl() {
        return super.baseUrl() + "/api";
    }

    @Override
    public List<String> secrets() {
        return List.of(API_KEY);
    }

    @Override
    public String object() {
        return "profiles";
    }

    /** A profile Klaviyo holds already (as if created earlier); returns its id. */
    public synchronized String seed(ObjectNode attributes) {
        String id = profileId();
        profiles.put(id, attributes.deepCopy());
        return id;
    }

    /** The attributes of the profile with this id, or null. */
    public synchronized ObjectNode profile(String id) {
        return profiles.get(id);
    }

    /** Whether a deletion of the profile with this id was requested. */
    public synchronized boolean deletionRequested(String id) {
        return deletions.containsKey(id);
    }

    @Override
    protected synchronized void onReset() {
        profiles.clear();
        deletions.clear();
    }

    @Override
    protected boolean authorized(Seen request) {
        return ("Klaviyo-API-Key " + API_KEY).equals(request.header("Authorization"));
    }

    @Override
    protected ResponseDefinitionBuilder unauthorized(Seen request) {
        String authorization = request.header("Authorization");
        if (authorization == null) {
            return error(401, "not_authenticated", "Authentication credentials were not provided.", "Missing or invalid private key.", null);
        }
        return error(401, "not_authenticated", "Incorrect authentication credentials.", "Missing or invalid private key.", null);
    }

    @Override
    protected ResponseDefinitionBuilder throttled(int retryAfterSeconds) {
        return error(429, "throttled", "Request was throttled.",
                "Request was throttled. Expected available in " + retryAfterSeconds + " second" + (retryAfterSeconds == 1 ? "" : "s") + ".", null)
                .withHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }

    @Override
    protected synchronized ResponseDefinition handle(Seen request) {
        String revision = request.header("revision");
        if (revision == null || !revision.matches("\\d{4}-\\d{2}-\\d{2}(\\.[a-z]+)?")) {
            return error(400, "invalid", "Invalid input.", revision == null ? "Missing required header 'revision'."
                    : "'" + revision + "' is not a valid revision (YYYY-MM-DD[.suffix]).", null).build();
        }
        String route = request.method() + " " + request.path();
        return switch (route) {
            case "POST /api/profile-import" -> jsonApiBody(request, this::upsert);
            case "POST /api/data-privacy-deletion-jobs" -> jsonApiBody(request, this::deletion);
            case "GET /api/accounts" -> accounts();
            default -> error(404, "not_found", "Not found.", "There is no " + request.method() + " " + request.path() + ".", null).build();
        };
    }

    private ResponseDefinition jsonApiBody(Seen request, java.util.function.Function<JsonNode, ResponseDefinition> then) {
        String type = request.header("Content-Type");
        if (type == null || !type.startsWith("application/vnd.api+json")) {
            return error(415, "unsupported_media_type", "Unsupported media type.", "Unsupported media type \"" + type + "\" in request.", null)
                    .build();
        }
        if (request.json() == null || !request.json().path("data").isObject()) {
            return error(400, "invalid", "Invalid input.", "The request body must be a JSON:API document with a 'data' object.", "/data")
                    .build();
        }
        return then.apply(request.json().get("data"));
    }

    private ResponseDefinition upsert(JsonNode data) {
        sawBatch(1);
        if (!"profile".equals(data.path("type").asText())) {
            return error(409, "conflict", "Conflict.", "The resource type '" + data.path("type").asText() + "' does not match 'profile'.",
                    "/data/type").build();
        }
        JsonNode attributes = data.get("attributes");
        if (attributes == null || !attributes.isObject()) {
            return error(400, "invalid", "Invalid input.", "'attributes' is a required field for the resource 'profile'.", "/data/attributes")
                    .build();
        }
        for (var names = attributes.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!ATTRIBUTES.contains(name)) {
                return error(400, "invalid", "Invalid input.", "'" + name + "' is not a valid field for the resource 'profile'.",
                        "/data/attributes/" + name).build();
            }
        }
        if (IDENTIFIERS.stream().allMatch(f -> attributes.path(f).asText("").isBlank())) {
            return error(400, "invalid", "Invalid input.", "One of 'email', 'phone_number' or 'external_id' is required to create a profile.",
                    "/data/attributes").build();
        }
        if (isRejected(attributes)) {
            return error(400, "invalid", "Invalid input.", "Invalid email address", "/data/attributes/email").build();
        }
        String id = data.hasNonNull("id") ? data.get("id").asText() : find(attributes);
        if (id != null && !profiles.containsKey(id)) {
            return error(404, "not_found", "Not found.", "A profile with id " + id + " does not exist.", "/data/id").build();
        }
        int status = id == null ? 201 : 200;
        if (id == null) {
            id = profileId();
            profiles.put(id, attributes.deepCopy());
        } else {
            profiles.get(id).setAll((ObjectNode) attributes.deepCopy());
        }
        ObjectNode body = newObject();
        ObjectNode out = body.putObject("data");
        out.put("type", "profile").put("id", id);
        out.set("attributes", profiles.get(id).deepCopy());
        out.putObject("links").put("self", "https://a.klaviyo.com/api/profiles/" + id + "/");
        return json(status, body).build();
    }

    /** The id of the profile holding one of the identifiers of {@code attributes}, or null. */
    private String find(JsonNode attributes) {
        for (String field : IDENTIFIERS) {
            String value = attributes.path(field).asText("");
            if (value.isBlank()) {
                continue;
            }
            for (var e : profiles.entrySet()) {
                if (value.equalsIgnoreCase(e.getValue().path(field).asText(""))) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    private ResponseDefinition deletion(JsonNode data) {
        if (!"data-privacy-deletion-job".equals(data.path("type").asText())) {
            return error(409, "conflict", "Conflict.", "The resource type '" + data.path("type").asText()
                    + "' does not match 'data-privacy-deletion-job'.", "/data/type").build();
        }
        JsonNode profile = data.path("attributes").path("profile").path("data");
        if (!profile.isObject() || !"profile".equals(profile.path("type").asText()) || !profile.path("attributes").isObject()) {
            return error(400, "invalid", "Invalid input.", "'profile' with a 'profile' resource is required.",
                    "/data/attributes/profile/data").build();
        }
        String id = profile.path("id").asText("");
        JsonNode by = profile.path("attributes");
        long given = (id.isBlank() ? 0 : 1) + (by.path("email").asText("").isBlank() ? 0 : 1)
                + (by.path("phone_number").asText("").isBlank() ? 0 : 1);
        if (given != 1) {
            return error(400, "invalid", "Invalid input.", "Exactly one of 'id', 'email' or 'phone_number' is required.",
                    "/data/attributes/profile/data").build();
        }
        if (!id.isBlank()) {
            if (!profiles.containsKey(id)) {
                return error(404, "not_found", "Not found.", "A profile with id " + id + " does not exist.",
                        "/data/attributes/profile/data/id").build();
            }
            profiles.remove(id);
            deletions.put(id, UUID.randomUUID().toString());
        }
        return new ResponseDefinitionBuilder().withStatus(202).build();
    }

    private ResponseDefinition accounts() {
        ObjectNode body = newObject();
        ObjectNode account = body.putArray("data").addObject();
        account.put("type", "account").put("id", "AbC123");
        account.putObject("attributes").putObject("contact_information").put("organization_name", "Fake Klaviyo account");
        return json(200, body).build();
    }

    /** Klaviyo ids are 26-character upper-case ULIDs. */
    private String profileId() {
        String n = nextId();
        return "01FAKE" + "0".repeat(20 - n.length()) + n;
    }

    /** A JSON:API error document with one error. */
    private static ResponseDefinitionBuilder error(int status, String code, String title, String detail, String pointer) {
        ObjectNode body = newObject();
        ArrayNode errors = body.putArray("errors");
        ObjectNode e = errors.addObject();
        e.put("id", UUID.randomUUID().toString()).put("status", status).put("code", code).put("title", title).put("detail", detail);
        if (pointer != null) {
            e.putObject("source").put("pointer", pointer);
        }
        e.putObject("links");
        e.putObject("meta");
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/vnd.api+json")
                .withBody(body.toString());
    }
}
