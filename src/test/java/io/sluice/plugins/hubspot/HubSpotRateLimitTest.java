package io.sluice.plugins.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.plugin.AppConnection;
import io.sluice.plugin.PluginSettings;
import io.sluice.plugin.RateLimitDeadlineException;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.RetryableException;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.ThrottledException;
import io.sluice.plugin.support.AppHttpClient;
import io.sluice.plugin.support.RateLimitCategory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HubSpot's documented limits as defaults, their overrides, and what 429s and 5xx bursts do (a 429 with Retry-After waited out: {@link HubSpotContractTest}). */
class HubSpotRateLimitTest extends HubSpotTestBase {

    private static List<RateLimitCategory> categories(Map<String, String> settings) {
        return AppHttpClient.options(new PluginSettings("hubspot", settings), Map.of(), "test", HubSpotRateLimits.defaults()).rateLimits();
    }

    @Test
    void defaultsAreTheDocumentedPrivateAppLimits() {
        List<RateLimitCategory> defaults = categories(Map.of());

        assertThat(defaults).extracting(RateLimitCategory::toString).containsExactly(
                "search [POST */crm/v3/objects/*/search 5/s]",
                "api [* * 190/10s, 650000/day]");
        assertThat(defaults.get(0).matches("POST", "https://api.hubapi.com/crm/v3/objects/contacts/search")).isTrue();
        assertThat(defaults.get(0).matches("POST", "https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert")).isFalse();
    }

    @Test
    void anotherTierOverridesTheRates() {
        assertThat(categories(Map.of("rate-limits.api.rates", "100/10s, 250000/day")))
                .extracting(RateLimitCategory::toString).containsExactly(
                        "search [POST */crm/v3/objects/*/search 5/s]",
                        "api [* * 100/10s, 250000/day]");
    }

    @Test
    void aBatchIsOneRequestAndTheBurstLimitSpacesRequests() {
        AppConnection hubspot = open("rate-limits.api.rates", "2/10s");

        for (int i = 1; i <= 3; i++) {
            List<RecordOutcome> outcomes = send(hubspot, target("contacts", Strategy.CREATE),
                    create("a" + i, contact("a" + i + "@example.com", "A")), create("b" + i, contact("b" + i + "@example.com", "B")));
            assertThat(outcomes).allSatisfy(o -> assertThat(o.success()).isTrue());
        }

        assertThat(fake.requests()).hasSize(3);
        // the 10 s window, stretched by the client's 2 % allowance for arrival jitter (AppHttpClient.APP_SIDE_SLACK)
        assertThat(waited()).as("the third request waited for the 10 s window").containsExactly(Duration.ofMillis(10_200));
    }

    @Test
    void a429WithoutRetryAfterAndA5xxBurstAreRetriedWithBackoff() {
        fake.throttle(2, "TEN_SECONDLY_ROLLING", null);
        fake.serverErrors(2, 502);
        AppConnection hubspot = open();

        List<RecordOutcome> outcomes = send(hubspot, target("contacts", Strategy.CREATE), create("c1", contact("a@example.com", "A")));

        assertThat(outcome(outcomes, "c1").success()).isTrue();
        assertThat(fake.requests()).hasSize(5);
        // the backoff waits on the fault-tolerance library's timer; a 429 without Retry-After pauses nobody
        assertThat(waited()).as("no rate-limit wait").isEmpty();
    }

    @Test
    void throttlingThatOutlastsTheRetriesFailsTheBatchAsRetryableNamingThePolicy() {
        fake.throttle(5, "TEN_SECONDLY_ROLLING", null);
        AppConnection hubspot = open();

        assertThatThrownBy(() -> send(hubspot, target("contacts", Strategy.CREATE), create("c1", contact("a@example.com", "A"))))
                .isInstanceOf(ThrottledException.class)
                .hasMessageContaining("HTTP 429").hasMessageContaining("RATE_LIMIT TEN_SECONDLY_ROLLING")
                .hasMessageContaining("x-hubspot-ratelimit-remaining=0");
    }

    @Test
    void serverErrorsThatOutlastTheRetriesFailTheBatchAsRetryable() {
        fake.serverErrors(5, 503);
        AppConnection hubspot = open();

        assertThatThrownBy(() -> send(hubspot, target("contacts", Strategy.CREATE), create("c1", contact("a@example.com", "A"))))
                .isInstanceOf(RetryableException.class).hasMessageContaining("HTTP 503");
        assertThat(fake.count("contacts")).isZero();
    }

    @Test
    void aLockedRecordIsRetryableNotARejection() {
        fake.serverErrors(1, 423);
        AppConnection hubspot = open();

        assertThatThrownBy(() -> send(hubspot, target("contacts", Strategy.CREATE), create("c1", contact("a@example.com", "A")),
                create("c2", contact("b@example.com", "B"))))
                .isInstanceOf(RetryableException.class).hasMessageContaining("HTTP 423");
    }

    @Test
    void theDailyLimitPausesTheConnectionAtOnceAndDelaysWhatWouldWaitPastTheDeadline() {
        fake.throttle(5, "DAILY", null);
        AppConnection hubspot = open("daily-limit-pause", "2h");
        Instant deadline = START.plus(Duration.ofMinutes(30));

        assertThatThrownBy(() -> await(hubspot.send(new SendBatch(target("contacts", Strategy.CREATE),
                List.of(create("c1", contact("a@example.com", "A"))), deadline))))
                .isInstanceOf(RateLimitDeadlineException.class).hasMessageContaining("rate limit 'api'");
        assertThat(fake.requests()).as("no retry against a portal out of quota").hasSize(1);

        assertThatThrownBy(() -> await(hubspot.send(new SendBatch(target("contacts", Strategy.CREATE),
                List.of(create("c2", contact("b@example.com", "B"))), deadline))))
                .as("the next batch does not call a portal out of quota").isInstanceOf(RateLimitDeadlineException.class);
        assertThat(fake.requests()).hasSize(1);
        assertThat(waited()).isEmpty();
    }

    @Test
    void theDailyLimitWithTimeLeftWaitsForThePauseThenTriesOnce() {
        fake.throttle(1, "DAILY", null);
        AppConnection hubspot = open();
        Instant deadline = START.plus(Duration.ofHours(4));

        List<RecordOutcome> outcomes = await(hubspot.send(new SendBatch(target("contacts", Strategy.CREATE),
                List.of(create("c1", contact("a@example.com", "A"))), deadline)));

        assertThat(outcome(outcomes, "c1").success()).isTrue();
        assertThat(fake.requests()).hasSize(2);
        assertThat(waited()).as("one wait, for the whole daily-limit-pause, and no backoff").containsExactly(Duration.ofHours(1));
    }
}
