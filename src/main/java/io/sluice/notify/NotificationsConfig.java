package io.sluice.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Webhook notifications about runs: {@code sluice.notifications.<name>.*}, one entry per destination. */
@ConfigMapping(prefix = "sluice.notifications")
public interface NotificationsConfig {

    @WithParentName
    Map<String, Target> targets();

    interface Target {
        /** Where to POST; may hold a secret (a Slack webhook does), so it is never logged beyond its host. */
        String url();

        /** {@code json} (the run as JSON) or {@code slack} (a Slack-compatible {@code {"text": ...}}). */
        @WithDefault("json")
        Format format();

        /** {@code health-change}: when a run changes its sync's health; {@code run-end}: after every run. */
        @WithDefault("health-change")
        When on();

        /** Only these syncs (slugs); all when unset. */
        Optional<List<String>> syncs();

        /** Request headers; take secrets from the environment: {@code headers.Authorization=Bearer ${OPS_TOKEN}}. */
        Map<String, String> headers();

        /** A link to the run in messages; {@code {run}} and {@code {sync}} are replaced. */
        Optional<String> runLink();

        /** Attempts per message, with exponential backoff between them. */
        @WithDefault("3")
        int maxAttempts();

        /** The first backoff delay. */
        @WithDefault("1s")
        Duration retryDelay();

        /** Time allowed per attempt. */
        @WithDefault("10s")
        Duration timeout();
    }

    enum Format {
        JSON, SLACK
    }

    enum When {
        HEALTH_CHANGE, RUN_END
    }
}
