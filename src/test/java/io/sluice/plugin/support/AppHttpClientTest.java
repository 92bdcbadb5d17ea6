package io.sluice.plugin.support;

import io.sluice.plugin.Rate;
import io.sluice.plugin.RateLimitDeadlineException;
import io.sluice.plugin.RateLimitOverride;
import io.sluice.plugin.SyncRateLimits;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.sluice.plugin.AppHttpObserver;
import io.sluice.plugin.AppUnavailableException;
import io.sluice.plugin.PluginConfigException;
import io.sluice.plugin.PluginSettings;
import io.sluice.plugin.RetryableException;
import io.sluice.testing.MutableClock;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The plugin HTTP client against a fake app that throttles, fails, resets and recovers. */
class AppHttpClientTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private WireMockServer wm;
    private Vertx vertx;
    private MutableClock clock;
    private final List<Duration> waits = new ArrayList<>();
    private AppHttpClient client;

    @BeforeEach
    void setUp() {
        wm = new WireMockServer(wireMockConfig().dynamicPort());
        wm.start();
        vertx = Vertx.vertx();
        clock = new MutableClock(START);
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        vertx.closeAndAwait();
        wm.stop();
    }

    /** A client whose waits move the manual clock at once, recording each wait. */
    private AppHttpClient open(List<RateLimitCategory> defaults, String... settings) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            map.put(settings[i], settings[i + 1]);
        }
        AppHttpClient.Options options = AppHttpClient.options(new PluginSettings("crm", map), Map.of("Authorization", "Bearer s3cr3t-token"),
                "test", defaults);
        client = new AppHttpClient("crm", vertx, options, clock, clock.delayer(waits), AppHttpObserver.NO_OP);
        return client;
    }

    /** The waits that took time. */
    private List<Duration> waited() {
        return waits.stream().filter(w -> !w.isZero()).toList();
    }

    private HttpAnswer send(String path, Instant deadline) {
        return client.exchange("POST", wm.baseUrl() + path, Map.of(), "{\"a\":1}", deadline).await().atMost(Duration.ofSeconds(20));
    }

    @Test
    void aSyncsOwnRateLimitsHoldItsCallsOnTopOfTheConnectionsAndNobodyElses() {
        wm.stubFor(post("/x").willReturn(okJson("{}")));
        open(List.of(RateLimitCategory.of("writes", "POST", "*", "100/s")));
        SyncRateLimits slow = new SyncRateLimits("contacts", List.of(RateLimitOverride.rates("writes", Rate.parseList("2/10s"))));

        for (int i = 0; i < 3; i++) {
            slow.around(() -> client.exchange("POST", wm.baseUrl() + "/x", Map.of(), "{}", Instant.MAX)).await().atMost(Duration.ofSeconds(20));
        }
        // the sync's third call waited for its 10 s window (stretched by the 2 % arrival allowance) ...
        assertThat(waited()).containsExactly(Duration.ofMillis(10_200));
        // ... and the connection's other syncs are held only by the connection's 100/s, which had room
        waits.clear();
        send("/x", Instant.MAX);
        SyncRateLimits.NONE.around(() -> client.exchange("POST", wm.baseUrl() + "/x", Map.of(), "{}", Instant.MAX)).await().atMost(Duration.ofSeconds(20));
        assertThat(waited()).isEmpty();
        // the sync's limiter lasts while its definitions do: its 3rd and 4th calls share the next window, the 5th waits
        for (int i = 0; i < 2; i++) {
            slow.around(() -> client.exchange("POST", wm.baseUrl() + "/x", Map.of(), "{}", Instant.MAX)).await().atMost(Duration.ofSeconds(20));
        }
        assertThat(waited()).containsExactly(Duration.ofMillis(10_200));
        wm.verify(7, postRequestedFor(urlEqualTo("/x")));
    }

    @Test
    void workSharedBetweenSyncsRunsOutsideTheLimitsOfTheSyncThatAsked() {
        wm.stubFor(post("/token").willReturn(okJson("{}")));
        open(List.of(RateLimitCategory.of("writes", "POST", "*", "100/s")));
        SyncRateLimits slow = new SyncRateLimits("contacts", List.of(RateLimitOverride.rates("writes", Rate.parseList("1/min"))));

        for (int i = 0; i < 3; i++) {
            slow.around(() -> SyncRateLimits.outsideAnySync(() -> client.exchange("POST", wm.baseUrl() + "/token", Map.of(), "{}", Instant.MAX)))
                    .await().atMost(Duration.ofSeconds(20));
        }
        assertThat(waited()).isEmpty();
        wm.verify(3, postRequestedFor(urlEqualTo("/token")));
    }

    @Test
    void aSyncsOwnWaitPastTheDeadlineIsARateLimitDeadline() {
        wm.stubFor(post("/x").willReturn(okJson("{}")));
        open(List.of(RateLimitCategory.of("writes", "POST", "*", "100/s")));
        SyncRateLimits slow = new SyncRateLimits("contacts", List.of(RateLimitOverride.rates("writes", Rate.parseList("1/min"))));

        slow.around(() -> client.exchange("POST", wm.baseUrl() + "/x", Map.of(), "{}", START.plusSeconds(5))).await().atMost(Duration.ofSeconds(20));
        assertThatThrownBy(() -> slow.around(() -> client.exchange("POST", wm.baseUrl() + "/x", Map.of(), "{}", START.plusSeconds(5)))
                .await().atMost(Duration.ofSeconds(20))).isInstanceOf(RateLimitDeadlineException.class).hasMessageContaining("writes");
        wm.verify(1, postRequestedFor(urlEqualTo("/x")));
    }

    @Test
    void a429PausesItsCategoryUntilRetryAfterThenSucceeds() {
        wm.stubFor(post("/x").inScenario("t").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")).willSetStateTo("ok"));
        wm.stubFor(post("/x").inScenario("t").whenScenarioStateIs("ok").willReturn(okJson("{\"id\":\"A1\"}")));
        open(List.of(RateLimitCategory.of("writes", "POST", "*", "100/s")));

        HttpAnswer answer = send("/x", START.plusSeconds(60));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("A1");
        assertThat(waits).contains(Duration.ofSeconds(7));
        wm.verify(2, postRequestedFor(urlEqualTo("/x")));
    }

    @Test
    void aRetryAfterBeyondTheDeadlineIsARateLimitDeadlineNotAFailureAndPausesTheCategory() {
        wm.stubFor(post("/x").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
        wm.stubFor(post("/y").willReturn(okJson("{}")));
        open(List.of(RateLimitCategory.of("writes", "POST", "*", "100/s")));

        assertThatThrownBy(() -> send("/x", START.plusSeconds(60)))
                .isInstanceOf(RateLimitDeadlineException.class).hasMessageContaining("writes");
        assertThatThrownBy(() -> send("/y", START.plusSeconds(60)))
                .as("the category is paused for all its requests").isInstanceOf(RateLimitDeadlineException.class);
        wm.verify(1, postRequestedFor(urlEqualTo("/x")));
        wm.verify(0, postRequestedFor(urlEqualTo("/y")));
    }

    @Test
    void thePluginsNextTryPausesTheCategoryLikeARetryAfter() {
        wm.stubFor(post("/x").willReturn(aResponse().withStatus(429).withBody("{\"policy\":\"DAILY\"}")));
        AppHttpClient.Options options = AppHttpClient.options(new PluginSettings("crm", Map.of()), Map.of(), "test",
                List.of(RateLimitCategory.of("writes", "POST", "*", "100/s")))
                .withNextTry((answer, now) -> answer.body().contains("DAILY") ? Optional.of(now.plus(Duration.ofHours(1))) : Optional.empty());
        client = new AppHttpClient("crm", vertx, options, clock, clock.delayer(waits), AppHttpObserver.NO_OP);

        assertThatThrownBy(() -> send("/x", START.plusSeconds(60)))
                .isInstanceOf(RateLimitDeadlineException.class).hasMessageContaining("writes").hasMessageContaining("01:00");
        wm.verify(1, postRequestedFor(urlEqualTo("/x")));
        assertThat(waited()).isEmpty();
    }

    @Test
    void aBurstOf5xxIsRetriedThenSucceeds() {
        wm.stubFor(post("/x").inScenario("b").whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503)).willSetStateTo("2"));
        wm.stubFor(post("/x").inScenario("b").whenScenarioStateIs("2").willReturn(aResponse().withStatus(502)).willSetStateTo("3"));
        wm.stubFor(post("/x").inScenario("b").whenScenarioStateIs("3").willReturn(okJson("{}")));
        // the backoff waits on the fault-tolerance library's timer, in real time: keep it short
        open(List.of(), "retry.base-delay", "1ms", "retry.max-delay", "10ms");

        assertThat(send("/x", Instant.MAX).status()).isEqualTo(200);
        wm.verify(3, postRequestedFor(urlEqualTo("/x")));
    }

    @Test
    void aRetryAfterWithoutARateLimitCategoryDelaysTheRetryUntilThen() {
        wm.stubFor(post("/x").inScenario("r").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")).willSetStateTo("ok"));
        wm.stubFor(post("/x").inScenario("r").whenScenarioStateIs("ok").willReturn(okJson("{}")));
        open(List.of(), "retry.base-delay", "1ms", "retry.max-delay", "10ms");

        assertThat(send("/x", Instant.MAX).status()).isEqualTo(200);

        List<Long> arrivals = wm.getAllServeEvents().stream().map(e -> e.getRequest().getLoggedDate().getTime()).sorted().toList();
        assertThat(arrivals).hasSize(2);
        assertThat(arrivals.get(1) - arrivals.get(0)).as("the retry came no earlier than Retry-After, not after the 1 ms backoff")
                .isGreaterThanOrEqualTo(1000);
    }

    @Test
    void noRetryStartsAfterTheDeadline() {
        wm.stubFor(post("/x").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "10")));
        wm.stubFor(post("/y").willReturn(aResponse().withStatus(502)));
        open(List.of(), "retry.base-delay", "1ms", "retry.max-delay", "10ms", "circuit.failure-threshold", "10");

        assertThat(send("/x", START.plusSeconds(5)).status()).as("Retry-After is past the deadline: the last answer").isEqualTo(503);
        wm.verify(1, postRequestedFor(urlEqualTo("/x")));
        assertThat(send("/y", START.minusMillis(1)).status()).as("any backoff ends past a deadline already gone").isEqualTo(502);
        wm.verify(1, postRequestedFor(urlEqualTo("/y")));
    }

    @Test
    void whenRetriesEndTheLastTransientAnswerIsHandedBack() {
        wm.stubFor(post("/x").willReturn(aResponse().withStatus(500).withBody("boom")));
        open(List.of(), "retry.max-attempts", "3", "circuit.failure-threshold", "10");

        HttpAnswer answer = send("/x", Instant.MAX);

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo("boom");
        wm.verify(3, postRequestedFor(urlEqualTo("/x")));
    }

    @Test
    void clientErrorsAreNotRetried() {
        wm.stubFor(post("/x").willReturn(aResponse().withStatus(422).withBody("{\"error\":\"bad email\"}")));
        open(List.of());

        assertThat(send("/x", Instant.MAX).status()).isEqualTo(422);
        wm.verify(1, postRequestedFor(urlEqualTo("/x")));
        assertThat(waits).isEmpty();
    }

    @Test
    void connectionResetsAreRetriedThenReportedAsRetryable() {
        wm.stubFor(post("/x").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        open(List.of(), "retry.max-attempts", "2");

        assertThatThrownBy(() -> send("/x", Instant.MAX)).isInstanceOf(RetryableException.class).hasMessageContaining("POST");
        wm.verify(2, postRequestedFor(urlEqualTo("/x")));
    }

    @Test
    void aDeadAppOpensTheCircuitAndFurtherCallsFailFastWithoutReachingIt() {
        wm.stubFor(post("/x").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        // the breaker's open time runs on the fault-tolerance library's clock, in real time: keep it short
        open(List.of(), "retry.max-attempts", "1", "circuit.failure-threshold", "3", "circuit.open-for", "200ms");
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> send("/x", Instant.MAX)).isInstanceOf(RetryableException.class);
        }
        assertThatThrownBy(() -> send("/x", Instant.MAX)).isInstanceOf(AppUnavailableException.class)
                .hasMessageContaining("connection 'crm'").hasMessageContaining("3 consecutive failed calls");
        wm.verify(3, postRequestedFor(urlEqualTo("/x")));

        wm.resetAll();
        wm.stubFor(post("/x").willReturn(okJson("{}")));
        sleep(Duration.ofMillis(300)); // past open-for: the next call is the half-open trial
        assertThat(send("/x", Instant.MAX).status()).isEqualTo(200);
        assertThat(send("/x", Instant.MAX).status()).isEqualTo(200);
    }

    @Test
    void aFailedTrialOpensTheCircuitAgain() {
        wm.stubFor(post("/x").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        open(List.of(), "retry.max-attempts", "1", "circuit.failure-threshold", "2", "circuit.open-for", "200ms");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> send("/x", Instant.MAX)).isInstanceOf(RetryableException.class);
        }
        sleep(Duration.ofMillis(300));

        assertThatThrownBy(() -> send("/x", Instant.MAX)).as("the trial reaches the app").isInstanceOf(RetryableException.class);
        assertThatThrownBy(() -> send("/x", Instant.MAX)).isInstanceOf(AppUnavailableException.class);
        wm.verify(3, postRequestedFor(urlEqualTo("/x")));
    }

    @Test
    void aClientErrorShowsTheAppIsUpAndBreaksTheRunOfFailures() {
        wm.stubFor(post("/down").willReturn(aResponse().withStatus(503)));
        wm.stubFor(post("/bad").willReturn(aResponse().withStatus(422)));
        open(List.of(), "retry.max-attempts", "1", "circuit.failure-threshold", "3", "circuit.open-for", "1h");

        for (String path : List.of("/down", "/down", "/bad", "/down", "/down")) {
            send(path, Instant.MAX);
        }
        assertThat(send("/down", Instant.MAX).status()).as("never three transient failures in a row").isEqualTo(503);
        assertThatThrownBy(() -> send("/down", Instant.MAX)).isInstanceOf(AppUnavailableException.class);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theRateLimiterSpacesRequestsOfACategory() {
        wm.stubFor(post("/x").willReturn(okJson("{}")));
        open(List.of(RateLimitCategory.of("writes", "POST", "*", "2/s")));
        for (int i = 0; i < 6; i++) {
            send("/x", Instant.MAX);
        }
        // 6 requests at 2 per second: the clock had to move at least two seconds
        assertThat(Duration.between(START, clock.instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void settingsOverrideThePluginsDefaultCategories() {
        AppHttpClient.Options options = AppHttpClient.options(new PluginSettings("crm", Map.of("rate-limits.writes.rates", "5/s")), Map.of(),
                "test", List.of(RateLimitCategory.of("writes", "POST", "*", "100/s")));
        assertThat(options.rateLimits()).singleElement()
                .satisfies(c -> assertThat(c.rates()).containsExactly(Rate.parse("5/s")));
    }

    @Test
    void aBaseDelayAboveTheMaxDelayIsASettingError() {
        assertThatThrownBy(() -> AppHttpClient.options(new PluginSettings("crm", Map.of("retry.base-delay", "1m", "retry.max-delay", "10s")),
                Map.of(), "test", List.of())).isInstanceOf(PluginConfigException.class).hasMessageContaining("retry.base-delay");
    }

    @Test
    void secretsNeverComeBackInAnswersOrErrors() {
        wm.stubFor(post("/x").willReturn(aResponse().withStatus(400).withBody("you sent Bearer s3cr3t-token").withHeader("X-Echo", "s3cr3t-token")));
        open(List.of());
        HttpAnswer answer = send("/x", Instant.MAX);
        assertThat(answer.body()).doesNotContain("s3cr3t-token");
        assertThat(answer.header("X-Echo")).doesNotContain("s3cr3t-token");
    }
}
