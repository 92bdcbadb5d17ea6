package io.sluice.plugin.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.sluice.plugin.PluginConfigException;
import io.sluice.plugin.RetryableException;
import io.sluice.plugin.ThrottledException;
import io.sluice.plugin.support.Backoff.Jitter;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RetryClassifierTest {
    private final RetryPolicy policy = new RetryPolicy(5, new Backoff(Jitter.FULL, Duration.ofMillis(1), Duration.ofMillis(2),
            new SplittableRandom(1)), Clock.systemUTC(), Delayer.MUTINY);

    @Test
    void transientFailuresAreRetryable() {
        assertThat(policy.isRetryable(new RetryableException("503"))).isTrue();
        assertThat(policy.isRetryable(new ThrottledException("429", null))).isTrue();
        assertThat(policy.isRetryable(new TimeoutException())).isTrue();
        assertThat(policy.isRetryable(new SocketTimeoutException("Read timed out"))).isTrue();
        assertThat(policy.isRetryable(new ConnectTimeoutException("connection timed out: x/1.2.3.4:443"))).isTrue();
        assertThat(policy.isRetryable(new ConnectException("Connection refused"))).isTrue();
        assertThat(policy.isRetryable(new IOException("Connection reset by peer"))).isTrue();
        assertThat(policy.isRetryable(new VertxException("Connection was closed"))).isTrue();
        assertThat(policy.isRetryable(new HttpClosedException("Stream was closed"))).isTrue();
    }

    @Test
    void wrappersAreJudgedByTheirCause() {
        assertThat(policy.isRetryable(new CompletionException(new TimeoutException()))).isTrue();
        assertThat(policy.isRetryable(new UncheckedIOException(new IOException("Connection reset")))).isTrue();
        assertThat(policy.isRetryable(new CompletionException(new IllegalStateException("bug")))).isFalse();
    }

    @Test
    void everythingElseIsPermanent() {
        assertThat(policy.isRetryable(new IllegalArgumentException("400 invalid email"))).isFalse();
        assertThat(policy.isRetryable(new PluginConfigException("c", "token", "is required"))).isFalse();
        assertThat(policy.isRetryable(new IOException("No space left on device"))).isFalse();
        assertThat(policy.isRetryable(new VertxException("Invalid HTTP response"))).isFalse();
        assertThat(policy.isRetryable(new RuntimeException(new TimeoutException()))).isFalse();
    }
}
