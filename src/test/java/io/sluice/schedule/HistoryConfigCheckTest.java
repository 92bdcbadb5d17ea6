package io.sluice.schedule;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Retention settings that cannot work stop the start, naming the key and the value. */
class HistoryConfigCheckTest {

    @Test
    void aZeroOrNegativeRetentionOrChunkIsRefusedNamingTheKey() {
        assertThatCode(() -> HistoryRetention.check(HistoryRetentionSuite.config(Duration.ofDays(90), 10_000))).doesNotThrowAnyException();
        assertThatThrownBy(() -> HistoryRetention.check(HistoryRetentionSuite.config(Duration.ZERO, 10_000)))
                .hasMessage("sluice.history.retention must be a positive duration (e.g. 90d, 12h), was 0d");
        assertThatThrownBy(() -> HistoryRetention.check(HistoryRetentionSuite.config(Duration.ofDays(-1), 10_000)))
                .hasMessageStartingWith("sluice.history.retention must be a positive duration").hasMessageEndingWith("was -1d");
        assertThatThrownBy(() -> HistoryRetention.check(HistoryRetentionSuite.config(Duration.ofDays(90), 0)))
                .hasMessage("sluice.history.prune-chunk-size must be at least 1, was 0");
    }
}
