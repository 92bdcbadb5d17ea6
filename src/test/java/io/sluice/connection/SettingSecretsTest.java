package io.sluice.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's own mask for check messages, for plugins that do not scrub what they report. */
class SettingSecretsTest {

    @Test
    void masksHeaderValuesAndCredentialSettingsButNotTheRest() {
        var mask = SettingSecrets.of(Map.of(
                "headers.Authorization", "Bearer tok-123456",
                "headers.X-Api-Key", "key-abcdef",
                "client-secret", "shh-987654",
                "access-token", "pat-555555",
                "url", "https://api.example.com/hook",
                "mode", "batch"));

        assertThat(mask.scrub("sent Bearer tok-123456 and key-abcdef, secret shh-987654, token pat-555555 to https://api.example.com/hook in batch mode"))
                .isEqualTo("sent *** and ***, secret ***, token *** to https://api.example.com/hook in batch mode");
        assertThat(mask.scrub("the bare token tok-123456 too")).isEqualTo("the bare token *** too");
    }
}
