package io.sluice.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checked accessors: their values, and messages naming the connection, the key and the value. */
class PluginSettingsTest {

    private static PluginSettings settings(String key, String value) {
        return new PluginSettings("crm", Map.of(key, value));
    }

    @Test
    void positiveNumbersAndDurations() {
        assertThat(settings("n", "3").positiveInt("n", 1)).isEqualTo(3);
        assertThat(settings("n", "3").positiveInt("other", 7)).isEqualTo(7);
        assertThatThrownBy(() -> settings("n", "0").positiveInt("n", 1)).isInstanceOf(PluginConfigException.class)
                .hasMessage("connection 'crm': setting 'n' must be at least 1, not 0");
        assertThat(settings("d", "2s").positiveDuration("d", Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> settings("d", "0s").positiveDuration("d", Duration.ofSeconds(1))).isInstanceOf(PluginConfigException.class)
                .hasMessage("connection 'crm': setting 'd' must be positive, not '0s'");
    }

    @Test
    void listsAreTrimmedWithoutBlanksOrRepeats() {
        assertThat(settings("l", " a, b,,a , c ").list("l")).containsExactly("a", "b", "c");
        assertThat(settings("l", "a").list("missing")).isEmpty();
        assertThat(PluginSettings.items("")).isEmpty();
    }

    @Test
    void httpUrlsAreAbsoluteAndBaseUrlsPlain() {
        assertThat(settings("u", "https://api.example.com/v1/?q=1").httpUrl("u", false)).contains("https://api.example.com/v1/?q=1");
        assertThat(settings("u", "https://api.example.com/v1//").httpUrl("u", true)).contains("https://api.example.com/v1");
        assertThat(settings("u", "https://api.example.com").httpUrl("other", true)).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> settings("u", "api.example.com/x").httpUrl("u", false)).isInstanceOf(PluginConfigException.class)
                .hasMessageContainingAll("connection 'crm'", "setting 'u'", "'api.example.com/x'", "absolute http(s) URL");
        assertThatThrownBy(() -> settings("u", "https://user:pw@api.example.com/?key=s3cret").httpUrl("u", true))
                .isInstanceOf(PluginConfigException.class).hasMessageContainingAll("setting 'u'", "'https://api.example.com/'", "no query")
                .message().doesNotContain("s3cret").doesNotContain("pw");
        assertThatThrownBy(() -> settings("u", "https://exa mple.com").httpUrl("u", false)).hasMessageContaining("not a valid URL");
    }
}
