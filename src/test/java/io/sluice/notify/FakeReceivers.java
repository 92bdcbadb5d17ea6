package io.sluice.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A WireMock receiver for notifications and the post-run hook, configured into the service under test. */
public class FakeReceivers implements QuarkusTestResourceLifecycleManager {
    static final int HOOK_DELAY_MS = 1500;
    static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        server.stubFor(post("/ops").willReturn(aResponse().withStatus(204)));
        server.stubFor(post("/chat/T0/B0/s3cr3t-path").willReturn(aResponse().withStatus(200)));
        server.stubFor(post("/hook").willReturn(aResponse().withStatus(200).withFixedDelay(HOOK_DELAY_MS)));
        String base = server.baseUrl();
        return Map.ofEntries(
                Map.entry("sluice.notifications.ops.url", base + "/ops"),
                Map.entry("sluice.notifications.ops.syncs", "people"),
                Map.entry("sluice.notifications.ops.headers.Authorization", "Bearer ops-s3cret"),
                Map.entry("sluice.notifications.ops.retry-delay", "10ms"),
                Map.entry("sluice.notifications.chat.url", base + "/chat/T0/B0/s3cr3t-path"),
                Map.entry("sluice.notifications.chat.format", "slack"),
                Map.entry("sluice.notifications.chat.on", "run-end"),
                Map.entry("sluice.notifications.chat.syncs", "people"),
                Map.entry("sluice.notifications.chat.run-link", "https://sluice.example/api/v1/runs/{run}"),
                Map.entry("sluice.notifications.down.url", "http://127.0.0.1:1/nowhere"),
                Map.entry("sluice.notifications.down.syncs", "people"),
                Map.entry("sluice.notifications.down.on", "run-end"),
                Map.entry("sluice.notifications.down.retry-delay", "10ms"),
                Map.entry("sluice.hooks.post-run.url", base + "/hook"),
                Map.entry("sluice.hooks.post-run.timeout", "10s"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
