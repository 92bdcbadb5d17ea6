package io.sluice.apps.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sluice.apps.load.DefinitionParser;
import io.sluice.apps.load.DefinitionParserTest;
import io.sluice.apps.model.AppDefinition;
import io.sluice.plugin.PluginConfigException;
import io.sluice.plugin.PluginSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A connection's settings are checked against what its definition declares, with errors naming connection, setting and reason. */
class ConnectionSettingsTest {
    private static final AppDefinition ACME = new DefinitionParser().parse("acme.yaml", "acme", DefinitionParserTest.VALID);

    private static Throwable problem(Map<String, String> settings) {
        return catchThrowable(() -> ConnectionSettings.of(ACME, new PluginSettings("crm", settings)));
    }

    @Test
    void declaredSettingsGetTheirDefaultsAndSecretsAreKnown() {
        ConnectionSettings s = ConnectionSettings.of(ACME, new PluginSettings("crm", Map.of("token", "t0ken-value", "timeout", "5s")));

        assertThat(s.values()).containsEntry("token", "t0ken-value").containsEntry("region", "us");
        assertThat(s.secrets()).containsExactly("t0ken-value");
    }

    @Test
    void aMissingRequiredSettingIsNamed() {
        assertThat(problem(Map.of())).isInstanceOf(PluginConfigException.class)
                .hasMessage("connection 'crm': setting 'token' is required by app 'acme'");
    }

    @Test
    void anUndeclaredSettingIsRefusedNamingTheDeclaredOnes() {
        assertThat(problem(Map.of("token", "x", "regoin", "eu"))).isInstanceOf(PluginConfigException.class)
                .hasMessageStartingWith("connection 'crm': setting 'regoin' is not a setting of app 'acme'; it declares token, region");
    }

    @Test
    void aValueOutsideTheAllowedOnesIsRefusedAndASecretsValueIsNeverQuoted() {
        assertThat(problem(Map.of("token", "x", "region", "mars"))).hasMessage("connection 'crm': setting 'region' 'mars' is not one of us, eu");

        AppDefinition typed = new DefinitionParser().parse("acme.yaml", "acme", DefinitionParserTest.VALID
                .replace("token: { type: string, required: true, secret: true }", "token: { type: integer, required: true, secret: true }"));
        Throwable secret = catchThrowable(() -> ConnectionSettings.of(typed, new PluginSettings("crm", Map.of("token", "s3cr3t-text"))));
        assertThat(secret).hasMessage("connection 'crm': setting 'token' is not a valid integer value");
    }
}
