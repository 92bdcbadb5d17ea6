package io.sluice.plugin.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.plugin.AppHttpObserver;
import io.sluice.plugin.PluginSettings;
import io.smallrye.mutiny.Multi;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.mutiny.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import io.vertx.core.http.HttpClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection limited to N requests a second, against an app that answers 429 to the (N+1)-th request within any
 * rolling second, reached through a proxy that takes a while to open each new connection (as a cold pool does on a
 * real network): the first requests leave late, and the app must still never see N+1 of them within a second.
 */
class AppHttpClientColdStartTest {
    // A period of some seconds: the limiter's 2 % to spare then covers the arrival jitter of a busy test machine.
    private static final int PERMITS = 10;
    private static final Duration PERIOD = Duration.ofSeconds(3);
    private static final long CONNECT_DELAY_MILLIS = 500;

    private Vertx vertx;
    private io.vertx.core.Vertx appSide;
    private HttpServer app;
    private NetServer proxy;
    private final List<Long> arrivals = new ArrayList<>();
    private int throttled;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        appSide = io.vertx.core.Vertx.vertx();
        app = appSide.createHttpServer().requestHandler(request -> {
            long now = System.nanoTime();
            boolean over;
            synchronized (arrivals) {
                arrivals.add(now);
                over = arrivals.stream().filter(t -> now - t < PERIOD.toNanos()).count() > PERMITS;
                if (over) {
                    throttled++;
                }
            }
            request.response().setStatusCode(over ? 429 : 200).end("{}");
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        proxy = appSide.createNetServer().connectHandler(this::slowSocks).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void tearDown() {
        vertx.closeAndAwait();
        appSide.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void requestsDelayedByOpeningConnectionsNeverPutMoreThanTheRateIntoOneWindowOfTheApp() {
        // Warm the code paths (not the measured client's pool), so that what is slow below is opening connections.
        try (AppHttpClient warm = client()) {
            send(warm, "/warm", PERMITS);
        }
        synchronized (arrivals) {
            arrivals.clear();
            throttled = 0;
        }

        try (AppHttpClient cold = client()) {
            send(cold, "/limited", 3 * PERMITS);
        }

        assertThat(throttled).as("429 answers").isZero();
        List<Long> sorted;
        synchronized (arrivals) {
            sorted = arrivals.stream().sorted().toList();
        }
        assertThat(sorted).hasSize(3 * PERMITS);
        for (int i = PERMITS; i < sorted.size(); i++) {
            assertThat(sorted.get(i) - sorted.get(i - PERMITS))
                    .as("arrivals %d and %d are within one period", i - PERMITS, i).isGreaterThanOrEqualTo(PERIOD.toNanos());
        }
    }

    private AppHttpClient client() {
        AppHttpClient.Options options = AppHttpClient.options(new PluginSettings("limited", Map.of(
                        "rate-limits.api.rates", PERMITS + "/" + PERIOD.toSeconds() + "s", "rate-limits.api.url", "*", "max-connections", Integer.toString(PERMITS),
                        "retry.max-attempts", "1", "circuit.failure-threshold", "1000")),
                Map.of(), "test", List.of());
        UnaryOperator<HttpClientOptions> throughProxy = o -> o.setProxyOptions(
                new ProxyOptions().setType(ProxyType.SOCKS5).setHost("127.0.0.1").setPort(proxy.actualPort()));
        return new AppHttpClient("limited", vertx, options, Clock.systemUTC(), Delayer.MUTINY, AppHttpObserver.NO_OP, throughProxy);
    }

    private void send(AppHttpClient client, String path, int requests) {
        String url = "http://127.0.0.1:" + app.actualPort() + path;
        List<HttpAnswer> answers = Multi.createFrom().range(0, requests)
                .onItem().transformToUni(i -> client.exchange("POST", url, Map.of(), "{\"n\":" + i + "}", Instant.MAX))
                .merge(PERMITS)
                .collect().asList()
                .await().atMost(PERIOD.multipliedBy(requests / PERMITS + 3));
        assertThat(answers).hasSize(requests);
    }

    /**
     * A SOCKS5 proxy to the app that answers each new connection's connect request only after a delay: the client
     * cannot write its request before then, as with a slow connect.
     */
    private void slowSocks(NetSocket client) {
        Buffer[] received = {Buffer.buffer()};
        boolean[] greeted = {false};
        client.handler(data -> {
            received[0].appendBuffer(data);
            if (!greeted[0]) {
                if (received[0].length() < 2 || received[0].length() < 2 + received[0].getUnsignedByte(1)) {
                    return;
                }
                greeted[0] = true;
                received[0] = received[0].getBuffer(2 + received[0].getUnsignedByte(1), received[0].length());
                client.write(Buffer.buffer(new byte[]{5, 0})); // no authentication
            }
            int end = connectRequestEnd(received[0]);
            if (end < 0) {
                return;
            }
            client.pause();
            client.handler(null);
            Buffer rest = received[0].getBuffer(end, received[0].length());
            appSide.setTimer(CONNECT_DELAY_MILLIS, id -> appSide.createNetClient().connect(app.actualPort(), "127.0.0.1")
                    .onSuccess(upstream -> {
                        if (rest.length() > 0) {
                            upstream.write(rest);
                        }
                        client.write(Buffer.buffer(new byte[]{5, 0, 0, 1, 0, 0, 0, 0, 0, 0}));
                        client.pipeTo(upstream);
                        upstream.pipeTo(client);
                    })
                    .onFailure(failure -> client.close()));
        });
    }

    /** The length of a complete SOCKS5 connect request at the start of {@code b}, or -1. */
    private static int connectRequestEnd(Buffer b) {
        if (b.length() < 5) {
            return -1;
        }
        int end = switch (b.getUnsignedByte(3)) {
            case 1 -> 4 + 4 + 2;
            case 3 -> 5 + b.getUnsignedByte(4) + 2;
            case 4 -> 4 + 16 + 2;
            default -> throw new IllegalStateException("unknown SOCKS5 address type " + b.getUnsignedByte(3));
        };
        return b.length() < end ? -1 : end;
    }
}
