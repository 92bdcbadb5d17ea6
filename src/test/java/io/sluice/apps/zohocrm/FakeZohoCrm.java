package io.sluice.apps.zohocrm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import io.sluice.apps.fakes.FakeApi;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * A fake Zoho CRM account (its accounts server and its API domain on one server) enforcing the documented v8
 * contract (Upsert Records, Delete Records, Get Users, Refresh Access Token, status codes):
 * <ul>
 *   <li>{@code POST /oauth/v2/token} with the form {@code grant_type=refresh_token}, {@code client_id},
 *       {@code client_secret}, {@code refresh_token}: {@code {"access_token", "api_domain", "token_type", "expires_in"}};
 *       Zoho answers a wrong credential with 200 {@code {"error": "invalid_code"}} (or {@code invalid_client});</li>
 *   <li>{@code Authorization: Zoho-oauthtoken <access token>} on every API request, else 401 {@code INVALID_TOKEN};</li>
 *   <li>a record whose Last_Name starts with {@code locked} fails with {@code RECORD_LOCKED}, an error that names no field;</li>
 *   <li>{@code POST /crm/v8/{module}/upsert}: {@code {"data": [1..100 records], "duplicate_check_fields": [...]}}, the
 *       fields unique in the module; each record needs {@code Last_Name} ({@code MANDATORY_NOT_FOUND}) and a valid
 *       {@code Email} ({@code INVALID_DATA}); one result per record in {@code data[]}, in order: {@code action} insert or
 *       update, {@code details.id}; 200 when all succeeded, 207 when some failed, 400 when all failed; a malformed
 *       request is a 400 with one top-level error;</li>
 *   <li>{@code DELETE /crm/v8/{module}/{id}}: 200 with {@code data[0]} {@code record deleted}; 400 {@code INVALID_DATA}
 *       for an unknown id;</li>
 *   <li>{@code GET /crm/v8/users?type=CurrentUser} for the check;</li>
 *   <li>429 {@code TOO_MANY_REQUESTS} without a wait header (none is documented); 500 {@code INTERNAL_ERROR}.</li>
 * </ul>
 */
final class FakeZohoCrm extends FakeApi {
    static final String CLIENT_ID = "1000.9XQ2K7L4M8N3P5R1S6T0U2V4W8Y3Z1";
    static final String CLIENT_SECRET = "5a8c1e3f7b9d2046e8a1c3b5d7f9e0a2b4c6d8e0f1";
    static final String REFRESH_TOKEN = "1000.3f6e9c2b5a8d1e4f7a0b3c6d9e2f5a8b.7c0d3e6f9a2b5c8d1e4f7a0b3c6d9e2f";
    private static final int MAX = 100;
    private static final Pattern UPSERT = Pattern.compile("/crm/v8/([A-Za-z_]+)/upsert");
    private static final Pattern RECORD = Pattern.compile("/crm/v8/([A-Za-z_]+)/(\\d+)");
    private static final Map<String, Set<String>> UNIQUE = Map.of("Contacts", Set.of("Email", "Secondary_Email"),
            "Leads", Set.of("Email", "Secondary_Email"), "Accounts", Set.of("Account_Name"));
    private static final Map<String, String> MANDATORY = Map.of("Contacts", "Last_Name", "Leads", "Last_Name", "Accounts", "Account_Name");

    private final Map<String, Map<String, ObjectNode>> records = new HashMap<>();
    /** The access tokens the accounts server issued (valid for the API until a reset). */
    private final List<String> issued = new ArrayList<>();
    private int tokenRequests;

    @Override
    public Map<String, String> settings() {
        return Map.of("client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "refresh_token", REFRESH_TOKEN,
                "accounts_server", baseUrl());
    }

    @Override
    public synchronized List<String> secrets() {
        List<String> all = new ArrayList<>(List.of(CLIENT_SECRET, REFRESH_TOKEN));
        all.addAll(issued);
        return all;
    }

    @Override
    public String object() {
        return "Contacts";
    }

    synchronized String seed(String module, ObjectNode record) {
        String id = nextId();
        records.computeIfAbsent(module, m -> new LinkedHashMap<>()).put(id, record.deepCopy());
        return id;
    }

    synchronized Map<String, ObjectNode> records(String module) {
        return Map.copyOf(records.getOrDefault(module, Map.of()));
    }

    synchronized int tokenRequests() {
        return tokenRequests;
    }

    @Override
    protected synchronized void onReset() {
        records.clear();
        issued.clear();
        tokenRequests = 0;
    }

    @Override
    protected synchronized boolean authorized(Seen request) {
        if (isToken(request)) {
            return true; // the accounts server checks the client and refresh token itself (handle)
        }
        String header = request.header("Authorization");
        if (header == null) {
            return false;
        }
        for (String token : issued) {
            if (header.equals("Zoho-oauthtoken " + token)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected ResponseDefinitionBuilder unauthorized(Seen request) {
        if (isToken(request)) {
            return json(200, newObject().put("error", "invalid_client"));
        }
        return json(401, error("INVALID_TOKEN", "invalid oauth token"));
    }

    @Override
    protected ResponseDefinitionBuilder throttled(int retryAfterSeconds) {
        return json(429, error("TOO_MANY_REQUESTS", "The number of concurrent requests exceeded the limit"));
    }

    @Override
    protected ResponseDefinitionBuilder serverError() {
        return json(500, error("INTERNAL_ERROR", "Internal Server Error"));
    }

    @Override
    protected boolean isDataRequest(Seen request) {
        return !isToken(request);
    }

    @Override
    protected synchronized ResponseDefinition handle(Seen request) {
        if (isToken(request)) {
            return token(request);
        }
        if (request.method().equals("GET") && request.path().equals("/crm/v8/users")) {
            if (!"CurrentUser".equals(request.query().get("type"))) {
                return json(400, error("INVALID_DATA", "invalid data")).build();
            }
            ObjectNode body = newObject();
            body.putArray("users").addObject().put("id", "4150868000000225013").put("full_name", "Sync User")
                    .put("email", "sync@example.com").put("status", "active");
            return json(200, body).build();
        }
        Matcher upsert = UPSERT.matcher(request.path());
        if (upsert.matches() && request.method().equals("POST")) {
            return upsert(upsert.group(1), request.json());
        }
        Matcher record = RECORD.matcher(request.path());
        if (record.matches() && request.method().equals("DELETE")) {
            return delete(record.group(1), record.group(2));
        }
        return json(404, error("INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one")).build();
    }

    private static boolean isToken(Seen request) {
        return request.path().equals("/oauth/v2/token");
    }

    private ResponseDefinition token(Seen request) {
        tokenRequests++;
        Map<String, String> form = request.form();
        if (!request.method().equals("POST") || !"refresh_token".equals(form.get("grant_type"))) {
            return json(200, newObject().put("error", "unsupported_grant_type")).build();
        }
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            return json(200, newObject().put("error", "invalid_client")).build();
        }
        if (!REFRESH_TOKEN.equals(form.get("refresh_token"))) {
            return json(200, newObject().put("error", "invalid_code")).build();
        }
        String token = "1000." + UUID.randomUUID().toString().replace("-", "") + "." + nextId();
        issued.add(token);
        return json(200, newObject().put("access_token", token).put("scope", "ZohoCRM.modules.ALL ZohoCRM.users.READ")
                .put("api_domain", "https://www.zohoapis.com").put("token_type", "Bearer").put("expires_in", 3600)).build();
    }

    private ResponseDefinition upsert(String module, JsonNode body) {
        if (!UNIQUE.containsKey(module)) {
            return json(400, error("INVALID_MODULE", "the module name given seems to be invalid")).build();
        }
        JsonNode data = body == null ? null : body.get("data");
        if (data == null || !data.isArray() || data.isEmpty()) {
            return json(400, error("INVALID_DATA", "invalid data", "expected_data_type", "jsonarray", "api_name", "data")).build();
        }
        sawBatch(data.size());
        if (data.size() > MAX) {
            return json(400, error("LIMIT_EXCEEDED", "the maximum number of records that can be processed is exceeded",
                    "limit", String.valueOf(MAX), "api_name", "data")).build();
        }
        List<String> check = body.path("duplicate_check_fields").isArray()
                ? StreamSupport.stream(body.get("duplicate_check_fields").spliterator(), false).map(JsonNode::asText).toList()
                : List.of("Email");
        for (String field : check) {
            if (!UNIQUE.get(module).contains(field)) {
                return json(400, error("INVALID_DATA", "the field is not unique or does not exist", "api_name", "duplicate_check_fields",
                        "field", field)).build();
            }
        }
        for (JsonNode record : data) {
            if (rejectsWholeRequest(record)) {
                return json(400, error("INVALID_DATA", "invalid data", "expected_data_type", "jsonobject", "api_name", "data")).build();
            }
        }
        ArrayNode results = JSON.createArrayNode();
        int failed = 0;
        for (int i = 0; i < data.size(); i++) {
            ObjectNode result = one(module, data.get(i), i, check);
            failed += result.path("status").asText().equals("error") ? 1 : 0;
            results.add(result);
        }
        ObjectNode answer = newObject();
        answer.set("data", results);
        return json(failed == 0 ? 200 : failed == data.size() ? 400 : 207, answer).build();
    }

    /** One record's result: an error, or an insert or an update matched on the duplicate check fields. */
    private ObjectNode one(String module, JsonNode record, int index, List<String> check) {
        if (!record.isObject()) {
            return recordError("INVALID_DATA", "invalid data", "data", index, "expected_data_type", "jsonobject");
        }
        String mandatory = MANDATORY.get(module);
        if (!record.path(mandatory).isTextual() || record.path(mandatory).asText().isBlank()) {
            return recordError("MANDATORY_NOT_FOUND", "required field not found", mandatory, index);
        }
        if (record.path(mandatory).asText().startsWith("locked")) {
            return error("RECORD_LOCKED", "the record is locked and cannot be updated");
        }
        JsonNode email = record.path("Email");
        if (!email.isMissingNode() && !email.isNull() && (!email.isTextual() || !email.asText().contains("@")) || isRejected(record)) {
            return recordError("INVALID_DATA", "invalid data", "Email", index, "expected_data_type", "email");
        }
        Map<String, ObjectNode> stored = records.computeIfAbsent(module, m -> new LinkedHashMap<>());
        String match = null;
        String duplicateField = null;
        for (String field : check) {
            JsonNode value = record.path(field);
            if (!value.isValueNode() || value.isNull()) {
                continue;
            }
            for (Map.Entry<String, ObjectNode> e : stored.entrySet()) {
                if (value.asText().toLowerCase(Locale.ROOT).equals(e.getValue().path(field).asText().toLowerCase(Locale.ROOT))) {
                    match = e.getKey();
                    duplicateField = field;
                }
            }
        }
        String id = match != null ? match : nextId();
        stored.computeIfAbsent(id, i -> newObject()).setAll((ObjectNode) record);
        ObjectNode result = newObject().put("code", "SUCCESS");
        if (duplicateField == null) {
            result.putNull("duplicate_field");
        } else {
            result.put("duplicate_field", duplicateField);
        }
        result.put("action", match == null ? "insert" : "update");
        result.putObject("details").put("Modified_Time", "2026-01-01T00:00:00+00:00").put("id", id)
                .put("Created_Time", "2026-01-01T00:00:00+00:00");
        return result.put("message", match == null ? "record added" : "record updated").put("status", "success");
    }

    private ResponseDefinition delete(String module, String id) {
        sawBatch(1);
        Map<String, ObjectNode> stored = records.get(module);
        ObjectNode answer = newObject();
        if (stored == null || stored.remove(id) == null) {
            ObjectNode failure = answer.putArray("data").addObject().put("code", "INVALID_DATA");
            failure.putObject("details").put("id", id);
            failure.put("message", "the related id given seems to be invalid").put("status", "error");
            return json(400, answer).build();
        }
        ObjectNode done = answer.putArray("data").addObject().put("code", "SUCCESS");
        done.putObject("details").put("id", id);
        done.put("message", "record deleted").put("status", "success");
        return json(200, answer).build();
    }

    private static ObjectNode recordError(String code, String message, String field, int index, String... moreDetails) {
        ObjectNode error = newObject().put("code", code);
        ObjectNode details = error.putObject("details");
        for (int i = 0; i + 1 < moreDetails.length; i += 2) {
            details.put(moreDetails[i], moreDetails[i + 1]);
        }
        details.put("api_name", field).put("json_path", "$.data[" + index + "]." + field);
        return error.put("message", message).put("status", "error");
    }

    private static ObjectNode error(String code, String message, String... details) {
        ObjectNode error = newObject().put("code", code);
        ObjectNode d = error.putObject("details");
        for (int i = 0; i + 1 < details.length; i += 2) {
            d.put(details[i], details[i + 1]);
        }
        return error.put("message", message).put("status", "error");
    }
}
