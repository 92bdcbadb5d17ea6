package io.sluice.plugins.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.plugin.PluginConfigException;
import io.sluice.plugin.PluginSettings;
import io.sluice.plugin.Strategy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings are checked when the connection opens; messages name the key and never a secret's value. */
class SalesforceSettingsTest {
    private static final String SECRET = "very-secret-value-42";

    private static SalesforceSettings parse(String... keysAndValues) {
        Map<String, String> values = new HashMap<>(Map.of("login-url", "https://acme.my.salesforce.com", "client-id", "id", "client-secret", SECRET));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] == null) {
                values.remove(keysAndValues[i]);
            } else {
                values.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return SalesforceSettings.parse("crm", new PluginSettings("crm", values));
    }

    @Test
    void defaults() {
        SalesforceSettings s = parse();

        assertThat(s.apiVersion()).isEqualTo("v62.0");
        assertThat(s.instanceUrl()).isEmpty();
        assertThat(s.bulkThreshold()).isEmpty();
        assertThat(s.bulkPollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.auth()).isInstanceOf(AuthSettings.ClientCredentials.class);
        assertThat(s.auth().tokenUrl()).isEqualTo("https://acme.my.salesforce.com/services/oauth2/token");
        assertThat(s.toString()).doesNotContain(SECRET);
    }

    @Test
    void apiVersionIsNormalisedAndChecked() {
        assertThat(parse("api-version", "61.0").apiVersion()).isEqualTo("v61.0");
        assertThatThrownBy(() -> parse("api-version", "latest")).isInstanceOf(PluginConfigException.class).hasMessageContaining("'api-version'");
    }

    @Test
    void clientCredentialsNeedTheMyDomainAndTheSecret() {
        assertThatThrownBy(() -> parse("login-url", null)).hasMessageContaining("'login-url'").hasMessageContaining("My Domain");
        assertThatThrownBy(() -> parse("client-secret", null)).hasMessageContaining("'client-secret' is required");
        assertThatThrownBy(() -> parse("client-id", null)).hasMessageContaining("'client-id' is required");
        assertThatThrownBy(() -> parse("auth", "password")).hasMessageContaining("'auth'");
    }

    @Test
    void jwtBearerNeedsAUsernameAndExactlyOneUsablePkcs8Key() {
        assertThatThrownBy(() -> parse("auth", "jwt-bearer", "username", "u")).hasMessageContaining("'private-key-file'");
        assertThatThrownBy(() -> parse("auth", "jwt-bearer", "private-key", "x")).hasMessageContaining("'username' is required");
        assertThatThrownBy(() -> parse("auth", "jwt-bearer", "username", "u", "private-key", "-----BEGIN RSA PRIVATE KEY-----\n" + SECRET
                + "\n-----END RSA PRIVATE KEY-----")).hasMessageContaining("PKCS#1").hasMessageContaining("openssl pkcs8").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> parse("auth", "jwt-bearer", "username", "u", "private-key", SECRET)).hasMessageContaining("not a PKCS#8 PEM")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> parse("auth", "jwt-bearer", "username", "u", "private-key-file", "/nonexistent/key.pem"))
                .hasMessageContaining("'private-key-file' cannot be read");
    }

    @Test
    void jwtBearerDefaultsToTheProductionLoginAndItsAudience() {
        SalesforceSettings s = parse("login-url", null, "auth", "jwt-bearer", "username", "u", "private-key", SalesforceTestBase.privateKeyPem());

        AuthSettings.JwtBearer jwt = (AuthSettings.JwtBearer) s.auth();
        assertThat(jwt.tokenUrl()).isEqualTo("https://login.salesforce.com/services/oauth2/token");
        assertThat(jwt.audience()).isEqualTo("https://login.salesforce.com");
        assertThat(jwt.toString()).doesNotContain("BEGIN");
        assertThat(parse("auth", "jwt-bearer", "username", "u", "private-key", SalesforceTestBase.privateKeyPem(), "jwt-audience",
                "https://test.salesforce.com").auth()).extracting(a -> ((AuthSettings.JwtBearer) a).audience()).isEqualTo("https://test.salesforce.com");
    }

    @Test
    void bulkSettingsAreConsistent() {
        assertThat(parse("bulk-threshold", "2000").bulkBatchSize()).isEqualTo(10_000);
        assertThatThrownBy(() -> parse("bulk-threshold", "0")).hasMessageContaining("'bulk-threshold'");
        assertThatThrownBy(() -> parse("bulk-threshold", "5000", "bulk-batch-size", "1000")).hasMessageContaining("'bulk-batch-size'");
        assertThatThrownBy(() -> parse("bulk-poll-interval", "0s")).hasMessageContaining("'bulk-poll-interval'");
    }

    @Test
    void urlsAndFieldListsAreChecked() {
        assertThatThrownBy(() -> parse("instance-url", "acme.my.salesforce.com")).hasMessageContaining("'instance-url'");
        assertThatThrownBy(() -> parse("login-url", "https://user:pw@acme.my.salesforce.com")).hasMessageContaining("'login-url'")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> parse("required-fields", "LastName, Bad Field")).hasMessageContaining("'required-fields'");
        assertThat(parse("required-fields", "Email", "required-fields.Contact", "LastName").requiredFieldsOf("contact"))
                .containsExactly("Email", "LastName");
    }

    @Test
    void thePluginSupportsTheWriteStrategies() {
        assertThat(new SalesforcePlugin().kind()).isEqualTo("salesforce");
        assertThat(new SalesforcePlugin().supportedStrategies())
                .containsExactlyInAnyOrder(Strategy.CREATE, Strategy.UPSERT, Strategy.UPDATE, Strategy.DELETE, Strategy.MIRROR);
    }

    @Test
    void rateLimitCategoriesHaveDefaultsAndCanBeOverridden() {
        var options = io.sluice.plugin.support.AppHttpClient.options(new PluginSettings("crm", Map.of("rate-limits.rest.rates", "10/s, 5000/day")),
                Map.of(), "ua", SalesforcePlugin.defaultRateLimits());

        assertThat(options.rateLimits()).extracting(c -> c.name()).containsExactly("oauth", "rest");
        assertThat(options.rateLimits().get(1).rates()).hasSize(2);
        assertThat(options.rateLimits().get(1).matches("GET", "https://acme.my.salesforce.com/services/data/v62.0/limits")).isTrue();
        assertThat(options.rateLimits().get(0).matches("POST", "https://login.salesforce.com/services/oauth2/token")).isTrue();
    }
}
