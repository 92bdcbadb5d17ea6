package io.sluice.plugin.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.sluice.plugin.PluginConfigException;
import io.sluice.plugin.RetryableException;
import io.sluice.plugin.ThrottledException;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RetryClassifierTest {
    @Test
    void transientFailuresAreRetryable() {
        assertThat(RetryClassifier.isRetryable(new RetryableException("503"))).isTrue();
        assertThat(RetryClassifier.isRetryable(new ThrottledException("429", null))).isTrue();
        assertThat(RetryClassifier.isRetryable(new TimeoutException())).isTrue();
        assertThat(RetryClassifier.isRetryable(new SocketTimeoutException("Read timed out"))).isTrue();
        assertThat(RetryClassifier.isRetryable(new ConnectTimeoutException("connection timed out: x/1.2.3.4:443"))).isTrue();
        assertThat(RetryClassifier.isRetryable(new ConnectException("Connection refused"))).isTrue();
        assertThat(RetryClassifier.isRetryable(new IOException("Connection reset by peer"))).isTrue();
        assertThat(RetryClassifier.isRetryable(new VertxException("Connection was closed"))).isTrue();
        assertThat(RetryClassifier.isRetryable(new HttpClosedException("Stream was closed"))).isTrue();
    }

    @Test
    void wrappersAreJudgedByTheirCause() {
        assertThat(RetryClassifier.isRetryable(new CompletionException(new TimeoutException()))).isTrue();
        assertThat(RetryClassifier.isRetryable(new UncheckedIOException(new IOException("Connection reset")))).isTrue();
        assertThat(RetryClassifier.isRetryable(new CompletionException(new IllegalStateException("bug")))).isFalse();
    }

    @Test
    void everythingElseIsPermanent() {
        assertThat(RetryClassifier.isRetryable(new IllegalArgumentException("400 invalid email"))).isFalse();
        assertThat(RetryClassifier.isRetryable(new PluginConfigException("c", "token", "is required"))).isFalse();
        assertThat(RetryClassifier.isRetryable(new IOException("No space left on device"))).isFalse();
        assertThat(RetryClassifier.isRetryable(new VertxException("Invalid HTTP response"))).isFalse();
        assertThat(RetryClassifier.isRetryable(new RuntimeException(new TimeoutException()))).isFalse();
    }
}
