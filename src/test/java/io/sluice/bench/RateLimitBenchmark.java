package io.sluice.bench;

import io.sluice.plugin.AppHttpObserver;
import io.sluice.plugin.PluginSettings;
import io.sluice.plugin.support.AppHttpClient;
import io.sluice.plugin.support.Delayer;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rate limiter (figure group 3): a connection limited to {@code bench.rate} requests per second sends
 * through {@link AppHttpClient} (breaker, retries, limiter, web client) with more requests in flight than the
 * rate allows, to the local sink, which records when each request arrives. Over {@code bench.rate.seconds}
 * seconds from the first arrival: the achieved rate against the configured one (target: at least 95 %), and
 * the most requests that arrived within any one-second window (target: never more than the rate). Twice: with a
 * fresh connection pool (the first requests open connections), and with a warm one (connections open, limiter
 * idle for two seconds); the sink's own code is warmed first, as a running app's is. Prints figures, asserts nothing.
 */
public final class RateLimitBenchmark {
    static final String GROUP = "rate limiter";

    public static void main(String[] args) throws Exception {
        int rate = Integer.getInteger("bench.rate", 50);
        int seconds = Integer.getInteger("bench.rate.seconds", 20);
        int inFlight = Integer.getInteger("bench.rate.concurrency", 16);
        FigureTable table = new FigureTable();
        Vertx vertx = Vertx.vertx();
        try (HttpSink sink = new HttpSink(vertx)) {
            warmSink(vertx, sink, inFlight, seconds);
            measure(vertx, sink, rate, seconds, inFlight, false, table);
            measure(vertx, sink, rate, seconds, inFlight, true, table);
        } finally {
            vertx.closeAndAwait();
        }
        if (!Boolean.getBoolean("bench.child")) {
            table.print(System.out);
        }
        System.exit(0);
    }

    private static void measure(Vertx vertx, HttpSink sink, int rate, int seconds, int inFlight, boolean warm, FigureTable table)
            throws InterruptedException {
        AppHttpClient http = new AppHttpClient("limited", vertx, AppHttpClient.options(new PluginSettings("limited", Map.of(
                "rate-limits.api.rates", rate + "/s", "rate-limits.api.url", "*", "max-connections", Integer.toString(inFlight))),
                Map.of(), "sluice-bench", List.of()), Clock.systemUTC(), Delayer.MUTINY, AppHttpObserver.NO_OP);
        try {
            if (warm) {
                send(http, sink, "/warm", inFlight, inFlight, seconds);
                Thread.sleep(2_000);
            }
            sink.reset(0, true);
            // enough requests to keep the limiter saturated for the whole measured span and a little beyond it
            send(http, sink, "/limited", rate * (seconds + 2), inFlight, seconds);
        } finally {
            http.close();
        }
        long[] at = sink.arrivals();
        long span = Duration.ofSeconds(seconds).toNanos();
        long inSpan = Arrays.stream(at).filter(t -> t - at[0] < span).count();
        int burst = largestInWindow(at, Duration.ofSeconds(1).toNanos());
        if (Boolean.getBoolean("bench.rate.dump")) {
            StringBuilder d = new StringBuilder();
            Arrays.stream(at).forEach(t -> d.append((t - at[0]) / 1_000_000).append(' '));
            System.err.println("arrivals (ms): " + d);
        }
        String scenario = String.format(Locale.ROOT, "%d/s for %d s, %d in flight, %s pool", rate, seconds, inFlight, warm ? "warm" : "fresh");
        table.emit(Figure.atLeast(GROUP, scenario, "achieved requests/s vs configured", inSpan / (double) seconds, rate, 0.95));
        table.emit(Figure.judged(GROUP, scenario, "most arrivals in any 1 s window vs limit", burst, rate, "<= limit", burst <= rate));
    }

    /**
     * The sink is the app and runs in this JVM: its first answers come late while its own code loads and compiles,
     * which a running app does not do. A client of its own (its pool is not the measured one) warms it first.
     */
    private static void warmSink(Vertx vertx, HttpSink sink, int inFlight, int seconds) {
        try (AppHttpClient http = new AppHttpClient("sink-warm-up", vertx, AppHttpClient.options(new PluginSettings("sink-warm-up", Map.of()),
                Map.of(), "sluice-bench", List.of()), Clock.systemUTC(), Delayer.MUTINY, AppHttpObserver.NO_OP)) {
            send(http, sink, "/warm-sink", 20 * inFlight, inFlight, seconds);
        }
    }

    private static void send(AppHttpClient http, HttpSink sink, String path, int requests, int inFlight, int seconds) {
        Multi.createFrom().range(0, requests)
                .onItem().transformToUni(i -> http.exchange("POST", sink.url(path), Map.of(), "{\"n\":" + i + "}", Instant.MAX))
                .merge(inFlight)
                .collect().last()
                .await().atMost(Duration.ofSeconds(seconds * 3L + 30));
    }

    /** The most arrivals in any window {@code (t - window, t]}, over sorted times. */
    static int largestInWindow(long[] sorted, long window) {
        int most = 0;
        int from = 0;
        for (int to = 0; to < sorted.length; to++) {
            while (sorted[to] - sorted[from] >= window) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }
}
