package io.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsoleSessionsTest {
    private final MutableClock clock = MutableClock.atDefaultStart();
    private final ConsoleSessions sessions = new ConsoleSessions(config(Duration.ofHours(8), 3), clock);

    @Test
    void aSessionLastsWhileItIsUsedAndEndsAfterTheTimeoutUnused() {
        ConsoleSessions.Session s = sessions.open("ops", true);
        clock.advance(Duration.ofHours(7));
        assertThat(sessions.use(s.id())).hasValueSatisfying(found -> assertThat(found.name()).isEqualTo("ops"));
        clock.advance(Duration.ofHours(7));
        assertThat(sessions.use(s.id())).as("used 7 h ago: still live").isPresent();
        clock.advance(Duration.ofHours(8));
        assertThat(sessions.use(s.id())).isEmpty();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void theStoreIsBoundedByEndingTheSessionUnusedTheLongest() {
        ConsoleSessions.Session first = sessions.open("a", true);
        clock.advance(Duration.ofMinutes(1));
        ConsoleSessions.Session second = sessions.open("b", false);
        clock.advance(Duration.ofMinutes(1));
        ConsoleSessions.Session third = sessions.open("c", false);
        clock.advance(Duration.ofMinutes(1));
        sessions.use(first.id());
        sessions.open("d", false);
        assertThat(sessions.size()).isEqualTo(3);
        assertThat(sessions.use(second.id())).isEmpty();
        assertThat(sessions.use(first.id())).isPresent();
        assertThat(sessions.use(third.id())).isPresent();
    }

    @Test
    void idsAndCsrfTokensAreRandomAndDistinct() {
        ConsoleSessions.Session a = sessions.open("a", true);
        ConsoleSessions.Session b = sessions.open("a", true);
        assertThat(a.id()).isNotEqualTo(b.id()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(a.csrf()).isNotEqualTo(b.csrf()).isNotEqualTo(a.id());
        sessions.close(a.id());
        assertThat(sessions.use(a.id())).isEmpty();
        assertThat(sessions.use(null)).isEmpty();
    }

    private static ConsoleConfig config(Duration timeout, int max) {
        return new ConsoleConfig() {
            @Override
            public Duration sessionTimeout() {
                return timeout;
            }

            @Override
            public int maxSessions() {
                return max;
            }
        };
    }
}
