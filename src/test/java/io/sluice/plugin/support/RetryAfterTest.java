package io.sluice.plugin.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
    private final Instant now = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void readsDelaySeconds() {
        assertThat(RetryAfter.parse("120", now)).contains(now.plusSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", now)).contains(now);
        assertThat(RetryAfter.parse("1.5", now)).contains(now.plusMillis(1500));
    }

    @Test
    void readsAnHttpDate() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", now)).contains(Instant.parse("2015-10-21T07:28:00Z"));
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 12:00:30 GMT", now)).contains(now.plusSeconds(30));
    }

    @Test
    void readsTheObsoleteDateForms() {
        assertThat(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", now)).contains(Instant.parse("1994-11-06T08:49:37Z"));
        assertThat(RetryAfter.parse("Sunday, 01-Mar-26 12:01:00 GMT", now)).contains(now.plusSeconds(60));
        assertThat(RetryAfter.parse("Sun Nov  6 08:49:37 1994", now)).contains(Instant.parse("1994-11-06T08:49:37Z"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"soon", "-5", "1.2.3", ".", "12s", "99999999999999999999999", "Wed, 32 Oct 2015 07:28:00 GMT",
            "2015-10-21T07:28:00Z"})
    void garbageIsEmpty(String value) {
        assertThat(RetryAfter.parse(value, now)).isEmpty();
    }
}
