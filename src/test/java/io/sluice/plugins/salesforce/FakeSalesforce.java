package io.sluice.plugins.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Salesforce org on WireMock that enforces the documented contract the plugin relies on:
 * <ul>
 *   <li>{@code POST /services/oauth2/token}: form-encoded; {@code client_credentials} needs the right client id and
 *       secret; the JWT bearer grant needs an RS256 assertion with iss = client id, sub = username, aud =
 *       login/test.salesforce.com, exp at most 3 minutes ahead, signed by the trusted key. Errors are 400
 *       {@code {"error", "error_description"}}.</li>
 *   <li>{@code /services/data/**}: {@code Authorization: Bearer <issued token>}, else 401
 *       {@code [{"errorCode": "INVALID_SESSION_ID"}]} (also after {@link #expireTokens()}); every answer carries
 *       {@code Sforce-Limit-Info: api-usage=N/15000}; queued 429/503 answers with {@code Retry-After}.</li>
 *   <li>sObject Collections: {@code allOrNone} must be false, every record needs {@code attributes.type}, more
 *       than 200 records is 400 {@code EXCEEDED_ID_LIMIT}; record errors come back in a 200, in request order.</li>
 *   <li>Bulk API 2.0 ingest: job creation checks, CSV upload only while Open and as text/csv, close, a few
 *       InProgress polls, then result files whose rows come back in reverse order (order is not guaranteed).</li>
 * </ul>
 * The records live in {@link FakeOrgData}, the ingest jobs in {@link FakeBulkJobs}; this class is the HTTP side,
 * OAuth, and the hooks tests use. Thread-safe: requests and hooks take one lock.
 */
final class FakeSalesforce implements ResponseDefinitionTransformerV2, AutoCloseable {
    static final String CLIENT_ID = "3MVG9fake.consumer.key";
    static final String CLIENT_SECRET = "fake-consumer-secret-5f1d9c";
    static final String USERNAME = "integration@acme.example";
    static final long DAILY_LIMIT = 15_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATA = Pattern.compile("/services/data/(v\\d+\\.\\d)/(.*)");
    private static final Pattern UPSERT = Pattern.compile("composite/sobjects/([^/]+)/([^/]+)");
    private static final Pattern JOB = Pattern.compile("jobs/ingest/([^/]+)(/[A-Za-z]+)?/?");

    private final WireMockServer server;
    private final Clock clock;
    private final Set<String> validTokens = new HashSet<>();
    private final List<String> issuedTokens = new ArrayList<>();
    private final List<Map<String, String>> tokenRequests = new ArrayList<>();
    private final Deque<int[]> throttles = new ArrayDeque<>();
    private String throttledMethod;
    private int gatewayPages;
    private final Set<String> apiVersions = new HashSet<>();
    private final FakeOrgData org = new FakeOrgData();
    private final FakeBulkJobs jobs = new FakeBulkJobs(org);
    private final AtomicInteger apiCalls = new AtomicInteger();
    private final AtomicInteger largestCollection = new AtomicInteger();
    private final AtomicInteger collectionRequests = new AtomicInteger();
    private PublicKey jwtKey;
    private boolean refuseEveryToken;
    private boolean echoCredentials;

    FakeSalesforce(Clock clock) {
        this.clock = clock;
        server = new WireMockServer(wireMockConfig().dynamicPort().extensions(this));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(ok()));
    }

    String baseUrl() {
        return server.baseUrl();
    }

    WireMockServer server() {
        return server;
    }

    /** Forgets everything but the issued tokens' validity, between tests. */
    synchronized void reset() {
        validTokens.clear();
        issuedTokens.clear();
        tokenRequests.clear();
        org.reset();
        throttles.clear();
        throttledMethod = null;
        gatewayPages = 0;
        jobs.reset();
        apiVersions.clear();
        apiCalls.set(0);
        largestCollection.set(0);
        collectionRequests.set(0);
        refuseEveryToken = false;
        echoCredentials = false;
        server.resetRequests();
    }


    synchronized void trustJwtKey(PublicKey key) {
        this.jwtKey = key;
    }

    /** Records with a field (or Id) equal to {@code value} fail with FIELD_CUSTOM_VALIDATION_EXCEPTION. */
    synchronized void reject(String value) {
        org.reject(value);
    }

    /** Writes to {@code object} without {@code field} fail with REQUIRED_FIELD_MISSING (creates only). */
    synchronized void require(String object, String field) {
        org.require(object, field);
    }

    /** The next {@code count} API calls answer {@code status} with {@code Retry-After: seconds}. */
    synchronized void throttleNext(int count, int status, int retryAfterSeconds) {
        throttleNext(count, status, retryAfterSeconds, null);
    }

    /** Like {@link #throttleNext(int, int, int)}, for calls with this HTTP method only ({@code null}: any). */
    synchronized void throttleNext(int count, int status, int retryAfterSeconds, String method) {
        throttledMethod = method;
        for (int i = 0; i < count; i++) {
            throttles.add(new int[] {status, retryAfterSeconds});
        }
    }

    /** The next {@code count} API calls answer 200 with an HTML page, as a proxy in front of the org may; nothing is done. */
    synchronized void gatewayPageNext(int count) {
        gatewayPages += count;
    }

    /** Every issued token stops working (session timeout, revocation). */
    synchronized void expireTokens() {
        validTokens.clear();
    }

    /** Issues tokens but accepts none of them (a user whose sessions are revoked as soon as they start). */
    synchronized void refuseEveryToken() {
        refuseEveryToken = true;
    }

    /**
     * Echoes what it received, as debug endpoints and error pages of real apps sometimes do: the Authorization
     * header and the bare token in every answer, the submitted client secret in token errors.
     */
    synchronized void echoCredentials() {
        echoCredentials = true;
    }

    /** How many GETs of a closed job answer InProgress before it is done ({@link Integer#MAX_VALUE}: never). */
    synchronized void pollsBeforeDone(int polls) {
        jobs.pollsBeforeDone(polls);
    }

    /** The next bulk job processes {@code rows} rows, then fails with {@code message}; the rest is unprocessed. */
    synchronized void failNextJobAfter(int rows, String message) {
        jobs.failNextJobAfter(rows, message);
    }

    /** Puts a record in the org and returns its Id. */
    synchronized String seed(String object, ObjectNode fields) {
        return org.seed(object, fields);
    }

    synchronized ObjectNode record(String object, String id) {
        return org.records(object).get(id);
    }

    synchronized Map<String, ObjectNode> records(String object) {
        return Map.copyOf(org.records(object));
    }

    synchronized int tokensIssued() {
        return tokenRequests.stream().mapToInt(r -> r.containsKey("issued") ? 1 : 0).sum();
    }

    synchronized List<Map<String, String>> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    /** Every token issued since the last reset, valid or not. */
    synchronized List<String> issuedTokens() {
        return List.copyOf(issuedTokens);
    }

    /** A token the fake currently accepts. */
    synchronized String anyValidToken() {
        return validTokens.iterator().next();
    }

    synchronized List<FakeBulkJobs.Job> jobs() {
        return jobs.all();
    }

    synchronized Set<String> apiVersions() {
        return Set.copyOf(apiVersions);
    }

    int largestCollection() {
        return largestCollection.get();
    }

    int collectionRequests() {
        return collectionRequests.get();
    }


    @Override
    public String getName() {
        return "fake-salesforce";
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        Request request = event.getRequest();
        URI uri = URI.create(request.getUrl());
        String path = uri.getPath();
        try {
            if (path.equals("/services/oauth2/token") && request.getMethod().value().equals("POST")) {
                return token(request);
            }
            Matcher data = DATA.matcher(path);
            if (!data.matches()) {
                return errors(404, "NOT_FOUND", "The requested resource does not exist");
            }
            String auth = request.getHeader("Authorization");
            if (refuseEveryToken || auth == null || !auth.startsWith("Bearer ") || !validTokens.contains(auth.substring("Bearer ".length()))) {
                return errors(401, "INVALID_SESSION_ID", "Session expired or invalid");
            }
            apiVersions.add(data.group(1));
            int used = apiCalls.incrementAndGet();
            if (!throttles.isEmpty() && (throttledMethod == null || throttledMethod.equals(request.getMethod().value()))) {
                int[] t = throttles.poll();
                return withUsage(new ResponseDefinitionBuilder().withStatus(t[0]).withHeader("Retry-After", String.valueOf(t[1]))
                        .withHeader("Content-Type", "application/json")
                        .withBody(error(t[0] == 429 ? "REQUEST_LIMIT_EXCEEDED" : "SERVER_UNAVAILABLE", "try again later").toString()), used);
            }
            if (gatewayPages > 0) {
                gatewayPages--;
                return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "text/html")
                        .withBody("<html><body><h1>Gateway Timeout</h1></body></html>").build();
            }
            ResponseDefinitionBuilder answer = route(request, data.group(2), uri.getRawQuery());
            if (echoCredentials) {
                answer = echo(answer, auth);
            }
            return withUsage(answer, used);
        } catch (RuntimeException e) {
            return errors(500, "UNKNOWN_EXCEPTION", "fake org bug: " + e);
        }
    }

    private ResponseDefinitionBuilder route(Request request, String rest, String query) {
        String method = request.getMethod().value();
        if (rest.equals("limits") && method.equals("GET")) {
            return json(200, JSON.createObjectNode().set("DailyApiRequests", JSON.createObjectNode().put("Max", DAILY_LIMIT)
                    .put("Remaining", DAILY_LIMIT - apiCalls.get())));
        }
        if (rest.equals("composite/sobjects")) {
            return switch (method) {
                case "POST" -> collection(request, FakeOrgData.Op.INSERT, null, null);
                case "PATCH" -> collection(request, FakeOrgData.Op.UPDATE, null, null);
                case "DELETE" -> delete(query(query));
                default -> builderErrors(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed");
            };
        }
        Matcher upsert = UPSERT.matcher(rest);
        if (upsert.matches() && method.equals("PATCH")) {
            return collection(request, FakeOrgData.Op.UPSERT, upsert.group(1), upsert.group(2));
        }
        if (rest.equals("jobs/ingest") && method.equals("POST")) {
            return jobs.create(request);
        }
        Matcher job = JOB.matcher(rest);
        if (job.matches() && jobs.get(job.group(1)) != null) {
            return jobs.handle(request, jobs.get(job.group(1)), job.group(2) == null ? "" : job.group(2).substring(1));
        }
        return builderErrors(404, "NOT_FOUND", "The requested resource does not exist");
    }


    private ResponseDefinition token(Request request) {
        Map<String, String> form = query(request.getBodyAsString());
        tokenRequests.add(new LinkedHashMap<>(form));
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
            return oauthError("invalid_request", "must use application/x-www-form-urlencoded");
        }
        String grant = form.getOrDefault("grant_type", "");
        String problem = switch (grant) {
            case "client_credentials" -> CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"))
                    ? null : "invalid_client:invalid client credentials";
            case TokenProvider.JWT_BEARER_GRANT -> jwtProblem(form.get("assertion"));
            default -> "unsupported_grant_type:grant type not supported";
        };
        if (problem != null) {
            int colon = problem.indexOf(':');
            String description = problem.substring(colon + 1) + (echoCredentials ? " (client_secret " + form.get("client_secret") + ")" : "");
            return oauthError(problem.substring(0, colon), description);
        }
        String token = "00DFAKE0000001!" + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        validTokens.add(token);
        issuedTokens.add(token);
        tokenRequests.get(tokenRequests.size() - 1).put("issued", "true");
        ObjectNode body = JSON.createObjectNode()
                .put("access_token", token)
                .put("signature", "ZmFrZSBzaWduYXR1cmU=")
                .put("scope", "api")
                .put("instance_url", baseUrl())
                .put("id", "https://login.salesforce.com/id/00DFAKE0000001AAA/005FAKE0000001AAA")
                .put("token_type", "Bearer")
                .put("issued_at", String.valueOf(clock.millis()));
        return json(200, body).build();
    }

    private String jwtProblem(String assertion) {
        if (assertion == null) {
            return "invalid_request:assertion missing";
        }
        String[] parts = assertion.split("\\.");
        if (parts.length != 3) {
            return "invalid_grant:invalid assertion";
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!"RS256".equals(header.path("alg").asText())) {
                return "invalid_grant:algorithm must be RS256";
            }
            if (!CLIENT_ID.equals(claims.path("iss").asText())) {
                return "invalid_client_id:client identifier invalid";
            }
            if (!USERNAME.equals(claims.path("sub").asText())) {
                return "invalid_grant:user hasn't approved this consumer";
            }
            String aud = claims.path("aud").asText();
            if (!aud.equals("https://login.salesforce.com") && !aud.equals("https://test.salesforce.com")) {
                return "invalid_grant:audience is invalid";
            }
            if (!claims.path("exp").isNumber()) {
                return "invalid_grant:expiration is not a number";
            }
            long secondsAhead = claims.path("exp").asLong() - clock.instant().getEpochSecond();
            if (secondsAhead <= 0 || secondsAhead > 180) {
                return "invalid_grant:expired or too long-lived assertion (exp must be within 3 minutes)";
            }
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(jwtKey);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return "invalid_grant:invalid signature";
            }
            return null;
        } catch (Exception e) {
            return "invalid_grant:invalid assertion (" + e.getClass().getSimpleName() + ")";
        }
    }


    private ResponseDefinitionBuilder collection(Request request, FakeOrgData.Op op, String upsertObject, String externalId) {
        collectionRequests.incrementAndGet();
        JsonNode body;
        try {
            body = JSON.readTree(request.getBodyAsString());
        } catch (Exception e) {
            return builderErrors(400, "JSON_PARSER_ERROR", "cannot parse the request body");
        }
        if (!body.path("allOrNone").isBoolean() || body.path("allOrNone").asBoolean()) {
            return builderErrors(400, "FAKE_CONTRACT", "the plugin must send allOrNone: false");
        }
        JsonNode records = body.path("records");
        if (!records.isArray() || records.isEmpty()) {
            return builderErrors(400, "INVALID_FIELD", "records is required");
        }
        largestCollection.accumulateAndGet(records.size(), Math::max);
        if (records.size() > 200) {
            return builderErrors(400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call");
        }
        ArrayNode results = JSON.createArrayNode();
        for (JsonNode record : records) {
            String type = record.path("attributes").path("type").asText("");
            if (type.isBlank()) {
                return builderErrors(400, "INVALID_TYPE", "Must send a concrete entity type.");
            }
            if (op == FakeOrgData.Op.UPSERT && !type.equals(upsertObject)) {
                return builderErrors(400, "INVALID_TYPE", "all records must be of the type in the URL: " + upsertObject);
            }
            ObjectNode fields = ((ObjectNode) record).deepCopy();
            fields.remove("attributes");
            results.add(org.apply(op, type, externalId, fields));
        }
        return json(200, results);
    }

    private ResponseDefinitionBuilder delete(Map<String, String> query) {
        collectionRequests.incrementAndGet();
        if (!"false".equals(query.get("allOrNone"))) {
            return builderErrors(400, "FAKE_CONTRACT", "the plugin must send allOrNone=false");
        }
        String[] idList = query.getOrDefault("ids", "").split(",");
        largestCollection.accumulateAndGet(idList.length, Math::max);
        if (idList.length > 200) {
            return builderErrors(400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call");
        }
        ArrayNode results = JSON.createArrayNode();
        for (String id : idList) {
            results.add(org.apply(FakeOrgData.Op.DELETE, null, null, JSON.createObjectNode().put("Id", id)));
        }
        return json(200, results);
    }

    /** One record's SaveResult / UpsertResult / DeleteResult. */

    /** The answer with the credentials put in its JSON body (every result element, or the error array). */
    private static ResponseDefinitionBuilder echo(ResponseDefinitionBuilder answer, String authorization) {
        ResponseDefinition built = answer.build();
        String body = built.getBody();
        if (body == null || body.isBlank() || !(body.startsWith("[") || body.startsWith("{"))) {
            return answer;
        }
        try {
            JsonNode json = JSON.readTree(body);
            String bare = authorization.substring("Bearer ".length());
            List<JsonNode> targets = new ArrayList<>();
            if (json.isArray()) {
                json.forEach(targets::add);
            } else {
                targets.add(json);
            }
            for (JsonNode t : targets) {
                if (t instanceof ObjectNode o) {
                    o.put("seenAuthorization", authorization).put("debug", "session " + bare + " used");
                    o.path("errors").forEach(e -> ((ObjectNode) e).put("message", e.path("message").asText() + " [session " + bare + "]"));
                }
            }
            return ResponseDefinitionBuilder.like(built).withBody(json.toString());
        } catch (Exception e) {
            return answer;
        }
    }

    private static Map<String, String> query(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static ArrayNode error(String code, String message) {
        ArrayNode errors = JSON.createArrayNode();
        errors.addObject().put("message", message).put("errorCode", code);
        return errors;
    }

    static ResponseDefinitionBuilder builderErrors(int status, String code, String message) {
        return json(status, error(code, message));
    }

    private static ResponseDefinition errors(int status, String code, String message) {
        return builderErrors(status, code, message).build();
    }

    private static ResponseDefinition oauthError(String error, String description) {
        return json(400, JSON.createObjectNode().put("error", error).put("error_description", description)).build();
    }

    static ResponseDefinitionBuilder json(int status, JsonNode body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json").withBody(body.toString());
    }

    private static ResponseDefinition withUsage(ResponseDefinitionBuilder response, int used) {
        return response.withHeader(ApiUsage.HEADER, "api-usage=" + used + "/" + DAILY_LIMIT).build();
    }

    @Override
    public void close() {
        server.stop();
    }
}
