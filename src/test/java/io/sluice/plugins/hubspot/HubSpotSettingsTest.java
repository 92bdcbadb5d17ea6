package io.sluice.plugins.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.plugin.PluginConfigException;
import io.sluice.plugin.PluginSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings are checked when the connection opens; messages name the key and never the token. */
class HubSpotSettingsTest extends HubSpotTestBase {
    private static final String SECRET = "pat-na1-7d3c2b1a-aaaa-bbbb-cccc-0123456789ab";

    private static HubSpotSettings parse(String... keysAndValues) {
        java.util.Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return HubSpotSettings.parse("crm", new PluginSettings("crm", map));
    }

    @Test
    void defaults() {
        HubSpotSettings settings = parse("access-token", SECRET);

        assertThat(settings.baseUrl()).isEqualTo("https://api.hubapi.com");
        assertThat(settings.headers()).isEqualTo(Map.of("Authorization", "Bearer " + SECRET));
        assertThat(settings.checkObject()).isEqualTo("contacts");
        assertThat(settings.dailyLimitPause()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.requiredFor("contacts")).isEmpty();
        assertThat(settings.objectsUrl("2-123456")).isEqualTo("https://api.hubapi.com/crm/v3/objects/2-123456");
    }

    @Test
    void theTokenIsRequiredAndNeverQuoted() {
        assertThatThrownBy(() -> parse()).isInstanceOf(PluginConfigException.class)
                .hasMessage("connection 'crm': setting 'access-token' is required");
        assertThatThrownBy(() -> parse("access-token", SECRET + " " + SECRET)).isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("'access-token'").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> parse("access-token", SECRET + "\nX-Evil: 1")).isInstanceOf(PluginConfigException.class)
                .hasMessageNotContaining(SECRET);
        assertThat(parse("access-token", SECRET).toString()).doesNotContain(SECRET).contains("authorization=***");
    }

    @Test
    void aBearerPrefixInTheSettingIsNotDoubled() {
        assertThat(parse("access-token", "Bearer " + SECRET).authorization()).isEqualTo("Bearer " + SECRET);
        await(open("access-token", "Bearer " + TOKEN).check());
    }

    @Test
    void baseUrlMustBeAnAbsoluteHttpUrlAndLosesItsTrailingSlash() {
        assertThat(parse("access-token", SECRET, "base-url", "http://localhost:8089/").baseUrl()).isEqualTo("http://localhost:8089");
        assertThatThrownBy(() -> parse("access-token", SECRET, "base-url", "api.hubapi.com")).isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("'base-url'").hasMessageContaining("not an absolute http(s) URL");
        assertThatThrownBy(() -> parse("access-token", SECRET, "base-url", "https://api.hubapi.com?hapikey=" + SECRET))
                .isInstanceOf(PluginConfigException.class).hasMessageContaining("no query").hasMessageNotContaining(SECRET);
    }

    @Test
    void requiredPropertiesForEveryTypeAndPerType() {
        HubSpotSettings settings = parse("access-token", SECRET, "required-properties", "owner, plan", "required-properties.contacts", "email");

        assertThat(settings.requiredFor("contacts")).isEqualTo(List.of("owner", "plan", "email"));
        assertThat(settings.requiredFor("deals")).isEqualTo(List.of("owner", "plan"));
        assertThatThrownBy(() -> parse("access-token", SECRET, "required-properties.con tacts", "email"))
                .isInstanceOf(PluginConfigException.class).hasMessageContaining("'required-properties.con tacts'");
    }

    @Test
    void otherSettingsAreChecked() {
        assertThatThrownBy(() -> parse("access-token", SECRET, "check-object", "contacts?limit=9")).isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("'check-object'");
        assertThatThrownBy(() -> parse("access-token", SECRET, "daily-limit-pause", "0s")).isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("'daily-limit-pause' must be positive");
        assertThatThrownBy(() -> open("timeout", "0s")).isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("setting 'timeout' must be positive, not '0s'");
        assertThatThrownBy(() -> open("circuit.open-for", "0s")).isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("setting 'circuit.open-for'");
        assertThatThrownBy(() -> open("circuit.failure-threshold", "0")).isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("setting 'circuit.failure-threshold'");
        assertThatThrownBy(() -> open("rate-limits.api.rates", "lots")).isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("rate-limits.api.rates");
    }
}
