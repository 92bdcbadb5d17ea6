package io.sluice.bench;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpServer;
import io.vertx.mutiny.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local HTTP app for the send-path and rate-limit figures: a Vert.x server on a loopback port that answers
 * every request with {@code 200 {"id": n}}, at once or after a fixed delay (a timer, so a slow answer holds no
 * thread). It counts requests, and on demand records each one (method, URI, body) so a bare client can replay
 * exactly what the engine sent, and the arrival time of each, to check a rate limit as the app sees it.
 */
final class HttpSink implements AutoCloseable {
    /** One request as it arrived. */
    record Request(String method, String uri, String body) {
    }

    private final Vertx vertx;
    private final HttpServer server;
    private final AtomicLong count = new AtomicLong();
    private final ConcurrentLinkedQueue<Request> recorded = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
    private volatile long delayMillis;
    private volatile boolean recording;

    HttpSink(Vertx vertx) {
        this.vertx = vertx;
        this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(this::handle)
                .listenAndAwait();
    }

    private void handle(HttpServerRequest request) {
        long arrived = System.nanoTime();
        request.body().subscribe().with(body -> {
            long n = count.incrementAndGet();
            if (recording) {
                recorded.add(new Request(request.method().name(), request.uri(), body.toString()));
                arrivals.add(arrived);
            }
            Buffer answer = Buffer.buffer("{\"id\":" + n + "}");
            if (delayMillis <= 0) {
                request.response().putHeader("Content-Type", "application/json").endAndForget(answer);
            } else {
                vertx.setTimer(delayMillis, t -> request.response().putHeader("Content-Type", "application/json").endAndForget(answer));
            }
        }, failure -> request.response().setStatusCode(500).endAndForget());
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    /** Clears counts and recordings; from now on answers after {@code delayMillis} and records if asked. */
    void reset(long delayMillis, boolean record) {
        this.delayMillis = delayMillis;
        this.recording = record;
        count.set(0);
        recorded.clear();
        arrivals.clear();
    }

    long count() {
        return count.get();
    }

    List<Request> recorded() {
        return new ArrayList<>(recorded);
    }

    /** Arrival times ({@link System#nanoTime}) of the recorded requests, sorted. */
    long[] arrivals() {
        return arrivals.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    @Override
    public void close() {
        server.closeAndAwait();
    }
}
