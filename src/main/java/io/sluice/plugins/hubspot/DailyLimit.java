package io.sluice.plugins.hubspot;

import io.sluice.plugin.support.AppHttpClient;
import io.sluice.plugin.support.HttpAnswer;
import io.sluice.plugin.support.ResponseJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * HubSpot's daily limit as the next allowed try. A 429's body names the limit that was hit
 * ({@code {"errorType":"RATE_LIMIT","policyName":"DAILY"|"TEN_SECONDLY_ROLLING",...}}, "API usage guidelines"). The
 * daily one is spent for hours (it resets at midnight in the account's time zone), so after a {@code DAILY} 429 the
 * HTTP client pauses the request's rate-limit category for {@code daily-limit-pause} at once, instead of retrying:
 * the request and later ones wait for it, or end as {@code DELAYED} when it passes the run's time limit.
 */
final class DailyLimit implements AppHttpClient.NextTry {
    private final Duration pause;

    DailyLimit(Duration pause) {
        this.pause = pause;
    }

    @Override
    public Optional<Instant> after(HttpAnswer answer, Instant now) {
        boolean daily = answer.status() == 429 && ResponseJson.container(answer.body()).flatMap(b -> Json.text(b, "policyName"))
                .map(p -> p.toUpperCase(Locale.ROOT).contains("DAILY")).orElse(false);
        return daily ? Optional.of(now.plus(pause)) : Optional.empty();
    }
}
