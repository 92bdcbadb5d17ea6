package io.sluice.plugin.support;

import io.netty.channel.ConnectTimeoutException;
import io.sluice.plugin.RetryableException;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Tells transient failures, worth retrying, from permanent ones. Transient: {@link RetryableException} (and so
 * {@link io.sluice.plugin.ThrottledException}), timeouts ({@link TimeoutException}, which includes Vert.x's
 * request timeouts, {@link SocketTimeoutException}, {@link ConnectTimeoutException}), refused connections
 * ({@link ConnectException}), an {@link IOException} saying "Connection reset", and a Vert.x connection that
 * closed under the request. Everything else is permanent: retrying a validation error only repeats it.
 * Wrappers that only carry another failure ({@link CompletionException}, {@link ExecutionException},
 * {@link UncheckedIOException}) are judged by their cause.
 */
public final class RetryClassifier {
    private RetryClassifier() {
    }

    /** Whether the same request may succeed if sent again. */
    public static boolean isRetryable(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException || t instanceof UncheckedIOException)
                && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t instanceof RetryableException
                || t instanceof TimeoutException
                || t instanceof SocketTimeoutException
                || t instanceof ConnectException // Netty's ConnectTimeoutException is one
                || (t instanceof IOException && contains(t, "connection reset"))
                || t instanceof HttpClosedException
                || (t instanceof VertxException && contains(t, "closed"));
    }

    private static boolean contains(Throwable t, String text) {
        return t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(text);
    }
}
