package io.sluice.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RateTest {

    @ParameterizedTest
    @CsvSource({
            "50/s, 50, PT1S",
            "100/10s, 100, PT10S",
            "1000/min, 1000, PT1M",
            "10000/h, 10000, PT1H",
            "250000/day, 250000, PT24H",
            "' 5 / 2 minutes ', 5, PT2M",
            "10/500ms, 10, PT0.5S",
            "3/D, 3, PT24H"
    })
    void parsesTheWrittenForms(String text, long permits, Duration period) {
        assertThat(Rate.parse(text)).isEqualTo(Rate.of(permits, period));
    }

    @ParameterizedTest
    @ValueSource(strings = {"50/s", "100/10s", "1000/min", "10000/h", "250000/day", "10/500ms", "7/90s"})
    void printsWhatItParses(String text) {
        assertThat(Rate.parse(text)).hasToString(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "50|expected <requests>/<period>",
            "50/|expected <requests>/<period>",
            "fifty/s|expected <requests>/<period>",
            "-1/s|expected <requests>/<period>",
            "1.5/s|expected <requests>/<period>",
            "50/fortnight|unknown unit 'fortnight'",
            "0/s|must have positive numbers",
            "5/0s|must have positive numbers",
            "99999999999999999999/s|too large",
            "1/99999999999999day|too large"
    })
    void rejectsBadTextNamingIt(String text, String reason) {
        assertThatThrownBy(() -> Rate.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining(reason);
    }

    @Test
    void rejectsBlankText() {
        assertThatThrownBy(() -> Rate.parse(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Rate.parse(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void parsesAListAndNamesTheBadEntry() {
        assertThat(Rate.parseList("100/10s, 250000/day,"))
                .containsExactly(Rate.of(100, Duration.ofSeconds(10)), Rate.of(250000, Duration.ofDays(1)));
        assertThat(Rate.parseList("")).isEmpty();
        assertThatThrownBy(() -> Rate.parseList("100/10s, 5/week")).hasMessageContaining("'5/week'");
    }

    @Test
    void rejectsNonPositiveValuesInCode() {
        assertThatThrownBy(() -> Rate.of(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rate.of(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of(Rate.of(1, Duration.ofSeconds(1)))).containsExactly(Rate.parse("1/s"));
    }
}
