package io.sluice.plugins.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.plugin.PluginConfigException;
import io.sluice.plugin.Strategy;
import org.junit.jupiter.api.Test;

/** Settings are checked when the connection opens, and every problem names the connection and the key. */
class WebhookSettingsTest extends WebhookTestBase {

    @Test
    void aMissingUrlNamesTheConnectionAndKey() {
        assertThatThrownBy(() -> open("headers.Authorization", "Bearer " + TOKEN))
                .isInstanceOf(PluginConfigException.class)
                .hasMessage("connection 'crm': setting 'url' is required");
    }

    @Test
    void anInvalidMethodNamesItsKey() {
        assertThatThrownBy(() -> open("url", base(), "method", "GET"))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContainingAll("connection 'crm'", "setting 'method'", "POST, PUT, PATCH, DELETE", "'GET'");
        assertThatThrownBy(() -> open("url", base(), "method.update", "FETCH"))
                .isInstanceOf(PluginConfigException.class).hasMessageContaining("setting 'method.update'");
        assertThatThrownBy(() -> open("url", base(), "method.upsert", "PUT"))
                .isInstanceOf(PluginConfigException.class).hasMessageContainingAll("setting 'method.upsert'", "method.create");
    }

    @Test
    void malformedSettingsNameTheirKey() {
        assertThatThrownBy(() -> open("url", "api.example.com/contacts")).hasMessageContainingAll("'url'", "absolute");
        assertThatThrownBy(() -> open("url", base(), "mode", "bulk")).hasMessageContaining("setting 'mode'");
        assertThatThrownBy(() -> open("url", base(), "batch-size", "0")).hasMessageContaining("setting 'batch-size'");
        assertThatThrownBy(() -> open("url", base(), "max-connections", "many")).hasMessageContaining("setting 'max-connections'");
        assertThatThrownBy(() -> open("url", base(), "timeout", "soon")).hasMessageContaining("setting 'timeout'");
        assertThatThrownBy(() -> open("url", base(), "id-pointer", "id")).hasMessageContaining("setting 'id-pointer'");
        assertThatThrownBy(() -> open("url", base(), "check-url", "/health")).hasMessageContaining("setting 'check-url'");
        assertThatThrownBy(() -> open("url", base() + "/{% if object %}x")).hasMessageContainingAll("setting 'url'", "Jinja");
        assertThatThrownBy(() -> open("url", base(), "body-template", "{% for r in record %}")).hasMessageContaining("setting 'body-template'");
    }

    @Test
    void anUnclosedJinjaTagInTheUrlOrBodyTemplateRejectsTheConnection() {
        assertThatThrownBy(() -> open("url", base() + "/contacts/{{ app_identifier }")).isInstanceOf(PluginConfigException.class)
                .hasMessageContainingAll("setting 'url'", "Unclosed", "line 1");
        assertThatThrownBy(() -> open("url", base(), "body-template", "{\"n\": \"{{ record.name \"}")).isInstanceOf(PluginConfigException.class)
                .hasMessageContainingAll("setting 'body-template'", "Unclosed", "line 1");
    }

    @Test
    void headerProblemsNameTheKeyButNeverTheValue() {
        assertThatThrownBy(() -> open("url", base(), "headers.Authorization", "Bearer " + TOKEN + "\r\nX-Injected: 1"))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("setting 'headers.Authorization'")
                .message().doesNotContain(TOKEN);
        assertThatThrownBy(() -> open("url", base(), "headers.Bad Name", TOKEN))
                .hasMessageContaining("setting 'headers.Bad Name'").message().doesNotContain(TOKEN);
        assertThatThrownBy(() -> open("url", base(), "headers.Authorization", " ")).hasMessageContaining("is empty");
    }

    @Test
    void thePluginIsOfKindWebhookAndSupportsEveryStrategy() {
        WebhookPlugin plugin = new WebhookPlugin();
        assertThat(plugin.kind()).isEqualTo("webhook");
        assertThat(plugin.supportedStrategies()).containsExactlyInAnyOrder(Strategy.values());
    }
}
