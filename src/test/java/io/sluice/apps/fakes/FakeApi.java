package io.sluice.apps.fakes;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The base of every app fake: an in-process WireMock server whose one transformer is the fake app, so that a
 * fake enforces the app's documented contract in code rather than in stubs. A subclass implements the app
 * ({@link #handle}), says how the app authenticates ({@link #authorized}) and answers what it refuses in the
 * app's own shapes ({@link #unauthorized}, {@link #throttled}, {@link #serverError}); this class keeps what every
 * fake needs: the requests seen, queued faults (the next N data requests answered with a fault instead of being
 * handled), revoked credentials, echoed secrets, the records a test wants rejected, and the largest batch seen.
 *
 * <p>Faults apply to data requests only ({@link #isDataRequest}, by default every request but a token
 * request), so that throttling "the next request" does not hit an OAuth token call.
 *
 * <p>Thread safety: WireMock serves requests on several threads; every method is {@code synchronized}.
 */
public abstract class FakeApi implements ResponseDefinitionTransformerV2, AutoCloseable {
    protected static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the fake saw it (authorized or not). {@code body} is the raw text, {@code json} its parse or null. */
    public record Seen(String method, String path, Map<String, String> query, Map<String, String> headers, String body,
                       JsonNode json) {
        /** The body as {@code application/x-www-form-urlencoded} fields (last value wins), for form APIs. */
        public Map<String, String> form() {
            return decode(body);
        }

        /** A header by its lower-case name, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final WireMockServer server;
    private final Deque<ResponseDefinition> faults = new ArrayDeque<>();
    private final List<Seen> seen = new ArrayList<>();
    private final Set<String> rejected = new HashSet<>();
    private final Set<String> wholeBatchRejected = new HashSet<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private int largestBatch;
    private boolean revoked;
    private boolean echoSecrets;

    protected FakeApi() {
        server = new WireMockServer(wireMockConfig().dynamicPort().extensions(this));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(ok()));
    }

    // ---- what a subclass says about its app -------------------------------------------------------------

    /** Answers one authorized data request as the app would (the app's logic: batch limits, validation, ids). */
    protected abstract ResponseDefinition handle(Seen request);

    /** Whether the request carries the credentials of {@link #settings()} (header, query, basic, bearer...). */
    protected abstract boolean authorized(Seen request);

    /** The app's answer to a request without valid credentials (its 401/403 shape). */
    protected abstract ResponseDefinitionBuilder unauthorized(Seen request);

    /** The app's 429 in its own shape, with its wait header(s) saying {@code retryAfterSeconds}. */
    protected abstract ResponseDefinitionBuilder throttled(int retryAfterSeconds);

    /** The connection settings (declared settings of the definition, secrets included) that this fake accepts. */
    public abstract Map<String, String> settings();

    /** The secret values among {@link #settings()} (and any token the fake issues). */
    public abstract List<String> secrets();

    /** The sync's target object the contract suite uses (e.g. {@code contacts}, {@code profiles}). */
    public String object() {
        return "contacts";
    }

    /** The app's 5xx; by default a 503 HTML page as a load balancer sends it. Override for the app's own shape. */
    protected ResponseDefinitionBuilder serverError() {
        return new ResponseDefinitionBuilder().withStatus(503).withHeader("Content-Type", "text/html")
                .withBody("<html><body><h1>503 Service Unavailable</h1></body></html>");
    }

    /** Whether faults apply to this request; by default all but OAuth token requests (paths ending in {@code /token}). */
    protected boolean isDataRequest(Seen request) {
        return !request.path().endsWith("/token");
    }

    /** Called by {@link #reset()} so the subclass forgets its objects. */
    protected void onReset() {
    }

    // ---- what tests do with a fake ---------------------------------------------------------------------

    public String baseUrl() {
        return server.baseUrl();
    }

    /** An empty app without faults, between tests. */
    public synchronized void reset() {
        faults.clear();
        seen.clear();
        rejected.clear();
        wholeBatchRejected.clear();
        largestBatch = 0;
        revoked = false;
        echoSecrets = false;
        onReset();
    }

    /** The next {@code times} data requests get the app's 429 with a wait of {@code retryAfterSeconds}. */
    public synchronized void throttle(int times, int retryAfterSeconds) {
        for (int i = 0; i < times; i++) {
            faults.add(throttled(retryAfterSeconds).build());
        }
    }

    /** The next {@code times} data requests get the app's 5xx. */
    public synchronized void serverErrors(int times) {
        for (int i = 0; i < times; i++) {
            faults.add(serverError().build());
        }
    }

    /** The next data request gets a 200 HTML page, as a gateway in front of the app may send; nothing is written. */
    public synchronized void answerGatewayPage() {
        faults.add(new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html><body><h1>504 Gateway Time-out</h1></body></html>").build());
    }

    /** Any answer queued as the next data request's, e.g. an app-specific fault. */
    public synchronized void queue(ResponseDefinitionBuilder answer) {
        faults.add(answer.build());
    }

    /** The record with this identifier is refused by the app, alone (a per-record validation error in the app's shape). */
    public synchronized void reject(String identifier) {
        rejected.add(identifier);
    }

    /** A request holding the record with this identifier is refused as a whole (the app's whole-request 4xx). */
    public synchronized void rejectWholeBatchBecauseOf(String identifier) {
        wholeBatchRejected.add(identifier);
    }

    /** The credentials stop working: every request gets {@link #unauthorized}. */
    public synchronized void revokeCredentials() {
        revoked = true;
    }

    /** Every answer echoes the request's credentials (headers and query), as debug endpoints sometimes do. */
    public synchronized void echoSecrets() {
        echoSecrets = true;
    }

    /** How many requests the fake received (token requests included). */
    public synchronized int requests() {
        return seen.size();
    }

    public synchronized List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The most records the fake saw in one request (subclasses report batches with {@link #sawBatch}). */
    public synchronized int largestBatch() {
        return largestBatch;
    }

    @Override
    public void close() {
        server.stop();
    }

    // ---- helpers for subclasses ------------------------------------------------------------------------

    /** Reports a request carrying {@code size} records (for {@link #largestBatch()}). */
    protected synchronized void sawBatch(int size) {
        largestBatch = Math.max(largestBatch, size);
    }

    /** A new app id, unique within this fake. */
    protected String nextId() {
        return String.valueOf(ids.incrementAndGet());
    }

    /**
     * Whether a test asked for the record in {@code element} (a record's JSON as the app received it) to be refused:
     * some text value in it equals the identifier, or starts with the identifier followed by {@code @} (the contract
     * suite's records carry {@code external_id = id} and {@code email = id@example.com}).
     */
    protected synchronized boolean isRejected(JsonNode element) {
        return matches(element, rejected);
    }

    /** Like {@link #isRejected} for {@link #rejectWholeBatchBecauseOf}. */
    protected synchronized boolean rejectsWholeRequest(JsonNode element) {
        return matches(element, wholeBatchRejected);
    }

    protected static ResponseDefinitionBuilder json(int status, JsonNode body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body.toString());
    }

    protected static ObjectNode newObject() {
        return JSON.createObjectNode();
    }

    private static boolean matches(JsonNode element, Set<String> identifiers) {
        if (identifiers.isEmpty() || element == null) {
            return false;
        }
        if (element.isTextual()) {
            String text = element.asText();
            return identifiers.stream().anyMatch(id -> text.equals(id) || text.startsWith(id + "@"));
        }
        for (Iterator<JsonNode> values = element.elements(); values.hasNext(); ) {
            if (matches(values.next(), identifiers)) {
                return true;
            }
        }
        return false;
    }

    // ---- WireMock --------------------------------------------------------------------------------------

    @Override
    public String getName() {
        return getClass().getSimpleName();
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        Seen request = seen(event.getRequest());
        seen.add(request);
        if (revoked || !authorized(request)) {
            return echo(unauthorized(request), request);
        }
        if (isDataRequest(request) && !faults.isEmpty()) {
            return faults.poll();
        }
        ResponseDefinition answer = handle(request);
        return echo(ResponseDefinitionBuilder.like(answer), request);
    }

    private ResponseDefinition echo(ResponseDefinitionBuilder answer, Seen request) {
        if (!echoSecrets) {
            return answer.build();
        }
        String echoed = request.headers() + " " + request.query();
        try {
            JsonNode body = JSON.readTree(answer.build().getBody());
            if (body instanceof ObjectNode o) {
                o.putObject("debug").put("request", echoed);
                return answer.withBody(o.toString()).build();
            }
        } catch (Exception notJson) {
            // fall through: a text answer gets the echo appended
        }
        String text = answer.build().getBody();
        return answer.withBody((text == null ? "" : text) + " request was " + echoed).build();
    }

    private static Map<String, String> decode(String encoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isBlank()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            fields.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static Seen seen(Request request) {
        String url = request.getUrl();
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        Map<String, String> query = decode(q < 0 ? null : url.substring(q + 1));
        Map<String, String> headers = new LinkedHashMap<>();
        request.getHeaders().all().forEach(h -> headers.put(h.key().toLowerCase(java.util.Locale.ROOT), h.firstValue()));
        String body = request.getBodyAsString();
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (Exception notJson) {
            json = null;
        }
        return new Seen(request.getMethod().getName(), path, query, headers, body, json);
    }
}
