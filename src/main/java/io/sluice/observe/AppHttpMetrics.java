package io.sluice.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sluice.plugin.AppHttpObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Apps' HTTP figures as Micrometer meters: {@code sluice.app.http.requests} (timer, tags connection, method,
 * status; {@code status="none"} when no answer came) and {@code sluice.ratelimit.wait} (timer, tags connection,
 * category). Plugins reach it through {@link io.sluice.plugin.ConnectionContext#httpObserver()}.
 */
@ApplicationScoped
public class AppHttpMetrics implements AppHttpObserver {
    static final String REQUESTS = "sluice.app.http.requests";
    static final String RATE_LIMIT_WAIT = "sluice.ratelimit.wait";

    private final MeterRegistry registry;

    @Inject
    public AppHttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void rateLimitWaited(String connection, String category, Duration waited) {
        Timer.builder(RATE_LIMIT_WAIT).description("Time requests waited for a rate-limit slot")
                .tags("connection", connection, "category", category).register(registry).record(waited);
    }

    @Override
    public void exchanged(String connection, String method, int status, Duration latency) {
        Timer.builder(REQUESTS).description("HTTP exchanges with apps, each retry counted")
                .tags("connection", connection, "method", method, "status", status == 0 ? "none" : Integer.toString(status))
                .register(registry).record(latency);
    }
}
