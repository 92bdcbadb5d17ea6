package io.sluice.plugins.webhook;

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
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny stateful webhook app on WireMock for the contract suite. A JSON object body is one record: 201 with
 * {@code {"id": "app-<external_id>"}}, or 422 when rejected. A JSON array body is a batch: 200 with one
 * element per record, {@code {"error": ...}} for rejected ones, or 400 for the whole batch when it holds a record
 * that refuses its batch. No body (a DELETE, or the check's GET): 204, or 404 when rejected, or 401 once the check is
 * broken. Queued faults (429 with {@code Retry-After}, 503) answer the next requests, whatever they are.
 */
final class FakeWebhookApp implements ResponseDefinitionTransformerV2, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private final Set<String> refusingTheirBatch = ConcurrentHashMap.newKeySet();
    private final Queue<ResponseDefinition> faults = new ConcurrentLinkedQueue<>();
    private volatile boolean checkBroken;
    private volatile boolean echoAuthorization;
    private final AtomicInteger largestArray = new AtomicInteger();
    private final WireMockServer server;

    FakeWebhookApp() {
        server = new WireMockServer(wireMockConfig().dynamicPort().extensions(this));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(ok()));
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** Forgets rejections and sizes seen, between tests. */
    void reset() {
        rejected.clear();
        refusingTheirBatch.clear();
        faults.clear();
        checkBroken = false;
        echoAuthorization = false;
        largestArray.set(0);
        server.resetRequests();
    }

    /** A batch (JSON array) holding the record with this {@code external_id} is refused as a whole with a 400. */
    void refuseBatchesWith(String identifier) {
        refusingTheirBatch.add(identifier);
    }

    /** The next {@code times} requests get a 429 with {@code Retry-After: seconds}. */
    void throttle(int times, int retryAfterSeconds) {
        for (int i = 0; i < times; i++) {
            faults.add(new ResponseDefinitionBuilder().withStatus(429).withHeader("Retry-After", String.valueOf(retryAfterSeconds))
                    .withBody("slow down").build());
        }
    }

    /** The next request gets a 200 with a gateway's HTML page; nothing is stored. */
    void gatewayPage() {
        faults.add(new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html><body><h1>504 Gateway Time-out</h1></body></html>").build());
    }

    /** The next {@code times} requests get a 503. */
    void serverErrors(int times) {
        for (int i = 0; i < times; i++) {
            faults.add(new ResponseDefinitionBuilder().withStatus(503).withBody("down for maintenance").build());
        }
    }

    /** The check's GET is refused with a 401 from now on. */
    void breakCheck() {
        checkBroken = true;
    }

    /** Every answer with a body echoes the request's Authorization header, as debug endpoints sometimes do. */
    void echoAuthorization() {
        echoAuthorization = true;
    }

    /** How many requests the app has received since the last reset. */
    int requests() {
        return server.getAllServeEvents().size();
    }

    void reject(String identifier) {
        rejected.add(identifier);
    }

    int largestArray() {
        return largestArray.get();
    }

    @Override
    public String getName() {
        return "fake-webhook-app";
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        String body = event.getRequest().getBodyAsString();
        String authorization = event.getRequest().getHeader("Authorization");
        ResponseDefinition fault = faults.poll();
        if (fault != null) {
            return fault;
        }
        try {
            if (checkBroken && event.getRequest().getMethod().getName().equals("GET")) {
                return respond(401, echoed(JSON.createObjectNode().put("error", "invalid credentials"), authorization));
            }
            if (body == null || body.isBlank()) {
                String url = event.getRequest().getUrl();
                boolean isRejected = rejected.stream().anyMatch(id -> url.endsWith("/app-" + id));
                return respond(isRejected ? 404 : 204, null);
            }
            JsonNode json = JSON.readTree(body);
            if (json.isArray()) {
                largestArray.accumulateAndGet(json.size(), Math::max);
                for (JsonNode element : json) {
                    if (refusingTheirBatch.contains(element.path("external_id").asText())) {
                        return respond(400, echoed(JSON.createObjectNode().put("error", "the batch holds an invalid record"), authorization));
                    }
                }
                ArrayNode answer = JSON.createArrayNode();
                json.forEach(element -> answer.add(answerFor(element)));
                return respond(200, answer);
            }
            ObjectNode answer = answerFor(json);
            return respond(answer.has("error") ? 422 : 201, answer.has("error") ? echoed(answer, authorization) : answer);
        } catch (Exception e) {
            return respond(400, JSON.createObjectNode().put("error", "fake app cannot read the body: " + e.getMessage()));
        }
    }

    private ObjectNode echoed(ObjectNode body, String authorization) {
        return echoAuthorization && authorization != null ? body.put("authorization", authorization) : body;
    }

    private ObjectNode answerFor(JsonNode record) {
        String id = record.path("external_id").asText();
        if (rejected.contains(id)) {
            return JSON.createObjectNode().put("error", "rejected by the fake app: " + id);
        }
        return JSON.createObjectNode().put("id", "app-" + id);
    }

    private static ResponseDefinition respond(int status, JsonNode body) {
        ResponseDefinitionBuilder response = new ResponseDefinitionBuilder().withStatus(status);
        if (body != null) {
            response.withHeader("Content-Type", "application/json").withBody(body.toString());
        }
        return response.build();
    }

    @Override
    public void close() {
        server.stop();
    }
}
