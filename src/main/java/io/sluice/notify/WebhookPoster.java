package io.sluice.notify;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs JSON to notification and hook URLs, non-blocking. Failures name only the destination's host: webhook
 * URLs and header values often are secrets.
 */
@ApplicationScoped
public class WebhookPoster {
    private final WebClient client;

    @Inject
    public WebhookPoster(Vertx vertx) {
        this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("sluice-notify").setMaxPoolSize(8));
    }

    /** One POST; fails with {@link PostFailed} on a non-2xx answer, a transport failure or the timeout. */
    public Uni<Integer> post(String url, Map<String, String> headers, String json, Duration timeout) {
        HttpRequest<Buffer> request = client.requestAbs(HttpMethod.POST, url).timeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json");
        headers.forEach(request::putHeader);
        return request.sendBuffer(Buffer.buffer(json))
                .onFailure().transform(failure -> new PostFailed(host(url) + ": " + failure.getClass().getSimpleName()))
                .map(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new PostFailed(host(url) + " answered HTTP " + response.statusCode());
                    }
                    return response.statusCode();
                });
    }

    /** The host and port only, for messages. */
    static String host(String url) {
        try {
            URI u = URI.create(url);
            return u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
        } catch (IllegalArgumentException e) {
            return "(invalid URL)";
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** A POST that did not get a 2xx answer; its message holds no secret. */
    public static final class PostFailed extends RuntimeException {
        PostFailed(String message) {
            super(message, null, false, false);
        }
    }
}
