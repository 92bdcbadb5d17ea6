package io.sluice.observe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.plugin.PluginSettings;
import io.sluice.plugin.support.AppHttpClient;
import io.sluice.plugin.support.Delayer;
import io.sluice.plugin.support.RateLimitCategory;
import io.sluice.testing.MutableClock;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The plugin HTTP client's exchanges and rate-limit waits reach Micrometer through the observer. */
class AppHttpMetricsTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private WireMockServer wm;
    private Vertx vertx;
    private AppHttpClient client;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void setUp() {
        wm = new WireMockServer(wireMockConfig().dynamicPort());
        wm.start();
        vertx = Vertx.vertx();
        MutableClock clock = new MutableClock(START);
        Delayer instant = wait -> {
            clock.advance(wait);
            return Uni.createFrom().voidItem();
        };
        AppHttpClient.Options options = AppHttpClient.options(new PluginSettings("crm", Map.of("retry.max-attempts", "3")),
                Map.of("Authorization", "Bearer s3cr3t"), "test", List.of(RateLimitCategory.of("writes", "POST", "*", "1/s")));
        client = new AppHttpClient("crm", vertx, options, clock, instant, new AppHttpMetrics(registry));
    }

    @AfterEach
    void tearDown() {
        client.close();
        vertx.closeAndAwait();
        wm.stop();
    }

    @Test
    void exchangesAreTimedByConnectionMethodAndStatusAndRateLimitWaitsByCategory() {
        wm.stubFor(post("/x").inScenario("t").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        wm.stubFor(post("/x").inScenario("t").whenScenarioStateIs("ok").willReturn(okJson("{}")));

        for (int i = 0; i < 2; i++) {
            client.exchange("POST", wm.baseUrl() + "/x", Map.of(), "{}", START.plusSeconds(600)).await().atMost(Duration.ofSeconds(20));
        }

        assertThat(timer(AppHttpMetrics.REQUESTS, "connection", "crm", "method", "POST", "status", "503").count()).isEqualTo(1);
        assertThat(timer(AppHttpMetrics.REQUESTS, "connection", "crm", "method", "POST", "status", "200").count()).isEqualTo(2);
        Timer waits = timer(AppHttpMetrics.RATE_LIMIT_WAIT, "connection", "crm", "category", "writes");
        // three requests under 1/s: the second and third each wait for the next second's slot
        assertThat(waits.count()).isEqualTo(3);
        assertThat(waits.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(1000);
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags()).noneMatch(t -> t.getValue().contains("/x")));
    }

    private Timer timer(String name, String... tags) {
        return registry.get(name).tags(tags).timer();
    }
}
