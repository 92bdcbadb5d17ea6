package io.sluice.apps.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import io.sluice.apps.fakes.FakeApi;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mailchimp's Marketing API (3.0) for one audience, as its reference documents it: HTTP Basic authentication with
 * any user name and the API key as password (401 "API Key Invalid" otherwise); {@code GET /3.0/ping};
 * {@code POST /3.0/lists/{list_id}} (Batch subscribe or unsubscribe) with up to 500 {@code members}, each needing
 * {@code email_address} and {@code status}, answered 200 with {@code new_members}, {@code updated_members} (each a
 * member whose {@code id} is the MD5 of the lower-cased email) and {@code errors[]} of {@code {email_address, error,
 * error_code, field, field_message}}; existing members are left alone unless {@code update_existing}; and
 * {@code DELETE /3.0/lists/{list_id}/members/{subscriber_hash}} (archive: 204; 404 for a member not on the list).
 * Whole-request errors are RFC 7807 problem documents ({@code type, title, status, detail, instance}).
 */
public final class FakeMailchimp extends FakeApi {
    public static final String API_KEY = "0123456789abcdef0123456789abcdef-us6";
    public static final String LIST_ID = "a1b2c3d4e5";
    static final int BATCH_MAX = 500;
    private static final Pattern LIST = Pattern.compile("/3\\.0/lists/([^/]+)");
    private static final Pattern MEMBER = Pattern.compile("/3\\.0/lists/([^/]+)/members/([^/]+)");
    private static final Set<String> STATUSES = Set.of("subscribed", "unsubscribed", "cleaned", "pending", "transactional");
    private static final Set<String> MEMBER_FIELDS = Set.of("email_address", "email_type", "status", "merge_fields", "interests",
            "language", "vip", "location", "ip_signup", "timestamp_signup", "ip_opt", "timestamp_opt", "tags");

    /** Members of the list by subscriber hash. */
    private final Map<String, ObjectNode> members = new LinkedHashMap<>();

    @Override
    public Map<String, String> settings() {
        return Map.of("api_key", API_KEY, "dc", "us6", "list_id", LIST_ID);
    }

    /** The API's base URL ends in {@code /3.0}, as the definition's does; the fake sees whole paths. */
    @Override
    public String baseUrl() {
        return super.baseUrl() + "/3.0";
    }

    /** The key, and the Basic credentials the definition sends (user {@code sluice}), which carry it. */
    @Override
    public List<String> secrets() {
        return List.of(API_KEY, Base64.getEncoder().encodeToString(("sluice:" + API_KEY).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String object() {
        return "members";
    }

    /** The subscriber hash of an email address: the MD5 of its lower-case form, in hex. */
    public static String subscriberHash(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A member the list holds already; returns its id (the subscriber hash). */
    public synchronized String seed(String email, String status) {
        String hash = subscriberHash(email);
        ObjectNode member = newObject().put("id", hash).put("email_address", email).put("status", status);
        members.put(hash, member);
        return hash;
    }

    /** The member with this subscriber hash, or null. */
    public synchronized ObjectNode member(String hash) {
        return members.get(hash);
    }

    @Override
    protected synchronized void onReset() {
        members.clear();
    }

    @Override
    protected boolean authorized(Seen request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return false;
        }
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon >= 0 && decoded.substring(colon + 1).equals(API_KEY);
    }

    @Override
    protected ResponseDefinitionBuilder unauthorized(Seen request) {
        return problem(401, "API Key Invalid", "Your API key may be invalid, or you've attempted to access the wrong datacenter.");
    }

    @Override
    protected ResponseDefinitionBuilder throttled(int retryAfterSeconds) {
        return problem(429, "Too Many Requests", "You have exceeded the limit of 10 simultaneous connections.")
                .withHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }

    @Override
    protected synchronized ResponseDefinition handle(Seen request) {
        if (request.method().equals("GET") && request.path().equals("/3.0/ping")) {
            return json(200, newObject().put("health_status", "Everything's Chimpy!")).build();
        }
        Matcher list = LIST.matcher(request.path());
        if (request.method().equals("POST") && list.matches()) {
            return knownList(list.group(1)) ? batch(request) : listNotFound();
        }
        Matcher member = MEMBER.matcher(request.path());
        if (request.method().equals("DELETE") && member.matches()) {
            if (!knownList(member.group(1))) {
                return listNotFound();
            }
            if (members.remove(member.group(2)) == null) {
                return problem(404, "Resource Not Found", "The requested resource could not be found.").build();
            }
            return new ResponseDefinitionBuilder().withStatus(204).build();
        }
        return problem(404, "Resource Not Found", "The requested resource could not be found.").build();
    }

    private ResponseDefinition batch(Seen request) {
        JsonNode body = request.json();
        if (body == null || !body.path("members").isArray()) {
            return invalid("Schema describes array, NULL found instead", "members").build();
        }
        JsonNode batch = body.get("members");
        sawBatch(batch.size());
        if (batch.size() > BATCH_MAX) {
            return invalid("Schema describes array with at most 500 items, " + batch.size() + " found instead", "members").build();
        }
        boolean updateExisting = body.path("update_existing").asBoolean(false);
        for (int i = 0; i < batch.size(); i++) {
            JsonNode m = batch.get(i);
            if (!m.isObject() || !m.path("email_address").isTextual() || !STATUSES.contains(m.path("status").asText())) {
                return invalid("Required fields were not provided: email_address, status", "members." + i).build();
            }
            for (var names = m.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!MEMBER_FIELDS.contains(name)) {
                    return invalid("Schema describes object without property '" + name + "'", "members." + i + "." + name).build();
                }
            }
            if (rejectsWholeRequest(m)) {
                return invalid("Data did not match any of the schemas described in anyOf", "members." + i + ".merge_fields").build();
            }
        }
        ObjectNode answer = newObject();
        ArrayNode created = answer.putArray("new_members");
        ArrayNode updated = answer.putArray("updated_members");
        ArrayNode errors = answer.putArray("errors");
        for (JsonNode m : batch) {
            String email = m.get("email_address").asText();
            if (isRejected(m)) {
                errors.addObject().put("email_address", email)
                        .put("error", email + " looks fake or invalid, please enter a real email address.")
                        .put("error_code", "ERROR_GENERIC").put("field", "email_address")
                        .put("field_message", "Please provide a valid email address.");
                continue;
            }
            String hash = subscriberHash(email);
            ObjectNode existing = members.get(hash);
            if (existing != null && !updateExisting) {
                errors.addObject().put("email_address", email).put("error", email + " is already a list member.")
                        .put("error_code", "ERROR_CONTACT_EXISTS").put("field", "email_address").put("field_message", "");
                continue;
            }
            ObjectNode member = ((ObjectNode) m).deepCopy();
            member.put("id", hash).put("list_id", LIST_ID);
            members.put(hash, member);
            (existing == null ? created : updated).add(member);
        }
        answer.put("total_created", created.size()).put("total_updated", updated.size()).put("error_count", errors.size());
        answer.putArray("_links");
        return json(200, answer).build();
    }

    private static boolean knownList(String listId) {
        return LIST_ID.equals(listId);
    }

    private static ResponseDefinition listNotFound() {
        return problem(404, "Resource Not Found", "The requested resource could not be found.").build();
    }

    private static ResponseDefinitionBuilder invalid(String message, String field) {
        ObjectNode body = problemBody(400, "Invalid Resource", "The resource submitted could not be validated. For field-specific details, "
                + "see the 'errors' array.");
        body.putArray("errors").addObject().put("field", field).put("message", message);
        return new ResponseDefinitionBuilder().withStatus(400).withHeader("Content-Type", "application/problem+json; charset=utf-8")
                .withBody(body.toString());
    }

    private static ResponseDefinitionBuilder problem(int status, String title, String detail) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/problem+json; charset=utf-8")
                .withBody(problemBody(status, title, detail).toString());
    }

    private static ObjectNode problemBody(int status, String title, String detail) {
        return newObject().put("type", "https://mailchimp.com/developer/marketing/docs/errors/").put("title", title).put("status", status)
                .put("detail", detail).put("instance", UUID.randomUUID().toString());
    }
}
