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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny stateful webhook app on WireMock for the contract suite. A JSON object body is one record: 201 with
 * {@code {"id": "app-<external_id>"}}, or 422 when rejected. A JSON array body is a batch: 200 with one
 * element per record, {@code {"error": ...}} for rejected ones. No body (a DELETE): 204, or 404 when rejected.
 */
final class FakeWebhookApp implements ResponseDefinitionTransformerV2, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
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
        largestArray.set(0);
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
        try {
            if (body == null || body.isBlank()) {
                String url = event.getRequest().getUrl();
                boolean isRejected = rejected.stream().anyMatch(id -> url.endsWith("/app-" + id));
                return respond(isRejected ? 404 : 204, null);
            }
            JsonNode json = JSON.readTree(body);
            if (json.isArray()) {
                largestArray.accumulateAndGet(json.size(), Math::max);
                ArrayNode answer = JSON.createArrayNode();
                json.forEach(element -> answer.add(answerFor(element)));
                return respond(200, answer);
            }
            ObjectNode answer = answerFor(json);
            return respond(answer.has("error") ? 422 : 201, answer);
        } catch (Exception e) {
            return respond(400, JSON.createObjectNode().put("error", "fake app cannot read the body: " + e.getMessage()));
        }
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
