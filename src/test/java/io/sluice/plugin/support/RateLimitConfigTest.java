package io.sluice.plugin.support;

import io.sluice.plugin.Rate;
import io.sluice.plugin.RateLimitOverride;
import io.sluice.plugin.RateLimitProperties;
import io.sluice.plugin.UrlPattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.plugin.PluginConfigException;
import io.sluice.plugin.PluginSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RateLimitConfigTest {
    private final List<RateLimitCategory> defaults = List.of(
            RateLimitCategory.of("search", "POST", "*/search", "4/s"),
            RateLimitCategory.of("default", "*", "*", "100/10s, 250000/day"));

    @Test
    void connectionThenSyncReplaceRatesByNameAndAddNewCategoriesFirst() {
        List<RateLimitOverride> connection = List.of(
                RateLimitOverride.rates("default", Rate.parseList("190/10s")),
                new RateLimitOverride("files", Optional.of(Set.of("PUT")), Optional.of(UrlPattern.of("*/files/*")),
                        Rate.parseList("1/s")));
        List<RateLimitOverride> sync = List.of(RateLimitOverride.rates("default", Rate.parseList("50/10s")));

        List<RateLimitCategory> merged = RateLimitConfig.merge(defaults, connection, sync);

        assertThat(merged).extracting(RateLimitCategory::name).containsExactly("files", "search", "default");
        assertThat(merged.get(2)).isEqualTo(defaults.get(1).withRates(Rate.parseList("50/10s")));
        assertThat(merged.get(0).methods()).containsExactly("PUT");
        assertThat(RateLimitConfig.merge(defaults, connection).get(2).rates()).containsExactly(Rate.parse("190/10s"));
        assertThat(RateLimitConfig.merge(defaults, List.of())).isEqualTo(defaults);
    }

    @Test
    void anOverrideMayAlsoMoveACategory() {
        RateLimitOverride override = new RateLimitOverride("search", Optional.of(Set.of()), Optional.of(UrlPattern.of("*/find")),
                Rate.parseList("2/s"));

        RateLimitCategory search = RateLimitConfig.merge(defaults, List.of(override)).get(0);

        assertThat(search.matches("GET", "https://x/find")).isTrue();
        assertThat(search.matches("POST", "https://x/search")).isFalse();
    }

    @Test
    void parsesFlatProperties() {
        Map<String, String> entries = Map.of(
                "default.rates", "100/10s,1000/day",
                "batch.rates", "10/s",
                "batch.methods", "POST, patch",
                "batch.url", "*/crm/v3/objects/*/batch/*",
                "batch.order", "1",
                "v2.contacts.rates", "5/s",
                "v2.contacts.url", "regex:.*/v2/contacts(/.*)?");

        List<RateLimitOverride> overrides = RateLimitProperties.parse("rate-limits", entries);

        assertThat(overrides).extracting(RateLimitOverride::name).containsExactly("default", "v2.contacts", "batch");
        RateLimitOverride batch = overrides.get(2);
        assertThat(batch.methods()).contains(Set.of("POST", "PATCH"));
        assertThat(batch.url()).contains(UrlPattern.of("*/crm/v3/objects/*/batch/*"));
        assertThat(batch.rates()).containsExactly(Rate.parse("10/s"));
        assertThat(overrides.get(0).methods()).isEmpty();
        assertThat(overrides.get(0).url()).isEmpty();

        List<RateLimitCategory> merged = RateLimitConfig.merge(defaults, overrides);
        assertThat(merged).extracting(RateLimitCategory::name).containsExactly("v2.contacts", "batch", "search", "default");
        assertThat(merged.get(3).rates()).containsExactly(Rate.parse("100/10s"), Rate.parse("1000/day"));
        assertThat(merged.get(0).matches("GET", "https://x/v2/contacts/7")).isTrue();
    }

    @Test
    void errorsNameTheKey() {
        assertThatThrownBy(() -> RateLimitProperties.parse("rate-limits", Map.of("batch.rates", "10/fortnight")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'rate-limits.batch.rates'").hasMessageContaining("'10/fortnight'");
        assertThatThrownBy(() -> RateLimitProperties.parse("rate-limits", Map.of("batch.methods", "POST")))
                .hasMessageContaining("'rate-limits.batch.rates' is required");
        assertThatThrownBy(() -> RateLimitProperties.parse("rate-limits", Map.of("batch.rates", "1/s", "batch.rate", "1/s")))
                .hasMessageContaining("'rate-limits.batch.rate' is not a rate-limit setting");
        assertThatThrownBy(() -> RateLimitProperties.parse("rate-limits", Map.of("rates", "1/s")))
                .hasMessageContaining("'rate-limits.rates'");
        assertThatThrownBy(() -> RateLimitProperties.parse("rate-limits", Map.of("b.rates", "1/s", "b.order", "first")))
                .hasMessageContaining("'rate-limits.b.order'").hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> RateLimitProperties.parse("rate-limits", Map.of("b.rates", "1/s", "b.url", "regex:(")))
                .hasMessageContaining("'rate-limits.b.url'").hasMessageContaining("regular expression");
        assertThatThrownBy(() -> RateLimitProperties.parse("rate-limits", Map.of("b.rates", "1/s", "b.methods", "PO ST")))
                .hasMessageContaining("'rate-limits.b.methods'");
    }

    @Test
    void readsAConnectionsSettingsNamingTheConnection() {
        PluginSettings settings = new PluginSettings("hubspot-prod", Map.of(
                "token", "secret", "rate-limits.default.rates", "190/10s", "rate-limits.batch.rates", "ten per second"));

        assertThatThrownBy(() -> RateLimitProperties.parse(settings, "rate-limits"))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("'hubspot-prod'").hasMessageContaining("'rate-limits.batch.rates'");
        assertThat(RateLimitProperties.parse(new PluginSettings("c", Map.of("token", "x")), "rate-limits")).isEmpty();
    }

    @Test
    void aCategoryIsDefinedOncePerList() {
        assertThatThrownBy(() -> RateLimitConfig.merge(defaults, List.of(
                RateLimitOverride.rates("x", Rate.parseList("1/s")), RateLimitOverride.rates("x", Rate.parseList("2/s")))))
                .hasMessageContaining("'x' is defined twice");
    }
}
