package io.sluice.plugins.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.plugin.RetryableException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.util.Map;

/**
 * The HTTP side of a webhook connection: one non-blocking Vert.x web client whose pool is sized to
 * {@code max-connections} (the default pool of 5 would silently cap concurrency), the configured headers,
 * and the timeout. Everything it hands back is already scrubbed of header values.
 */
final class WebhookHttp implements AutoCloseable {

    /** An HTTP answer, whatever its status. {@code retryAfter} and {@code body} may be {@code null}. */
    record Answer(HttpMethod method, String url, int status, String retryAfter, String body) {
        boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        /** Throttled or a server error: the same request may succeed later. */
        boolean isTransient() {
            return status == 429 || status >= 500;
        }

        /** {@code POST https://host/path answered HTTP 503 (Retry-After: 30)}, without query or credentials. */
        String describe() {
            return method.name() + " " + Redactor.describeUrl(url) + " answered HTTP " + status
                    + (retryAfter == null ? "" : " (Retry-After: " + retryAfter + ")");
        }
    }

    private final String connection;
    private final WebClient client;
    private final Map<String, String> headers;
    private final long timeoutMillis;
    private final Redactor redactor;

    WebhookHttp(Vertx vertx, WebhookSettings settings, Redactor redactor) {
        if (vertx == null) {
            throw new IllegalArgumentException("connection '" + settings.connection() + "': the webhook plugin needs a Vert.x instance");
        }
        this.connection = settings.connection();
        this.headers = settings.headers();
        this.timeoutMillis = settings.timeout().toMillis();
        this.redactor = redactor;
        WebClientOptions options = new WebClientOptions()
                .setMaxPoolSize(settings.maxConnections())
                .setHttp2MaxPoolSize(settings.maxConnections())
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setKeepAlive(true)
                .setUserAgent("sluice-webhook");
        this.client = WebClient.create(vertx, options);
    }

    /**
     * Sends one request. The {@link Uni} fails only for transport trouble (timeout, refused or reset
     * connection), always with a {@link RetryableException}; any HTTP status is an {@link Answer}.
     */
    Uni<Answer> exchange(HttpMethod method, String url, JsonNode body) {
        HttpRequest<Buffer> request = client.requestAbs(method, url)
                // idle timeout: time allowed without response data, so a slow answer fails instead of hanging
                .idleTimeout(timeoutMillis)
                .putHeader("Accept", "application/json");
        if (body != null) {
            request.putHeader("Content-Type", "application/json");
        }
        headers.forEach(request::putHeader);
        Uni<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendBuffer(Buffer.buffer(body.toString()));
        return sent
                .map(response -> new Answer(method, url, response.statusCode(), response.getHeader("Retry-After"),
                        redactor.scrub(response.bodyAsString())))
                .onFailure().transform(failure -> new RetryableException("connection '" + connection + "': " + method.name() + " "
                        + Redactor.describeUrl(url) + " failed: " + redactor.scrub(describe(failure)), failure));
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    @Override
    public void close() {
        client.close();
    }
}
