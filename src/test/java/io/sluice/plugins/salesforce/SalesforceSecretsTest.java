package io.sluice.plugins.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sluice.plugin.PluginConfigException;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.Strategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client secret, the private key and every access token stay out of outcomes, exception messages and logs,
 * even when the org echoes them back.
 */
class SalesforceSecretsTest extends SalesforceTestBase {
    private final List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Logger pluginLogger = Logger.getLogger("io.sluice");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage() + " " + Arrays.toString(record.getParameters())
                    + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        previousLevel = pluginLogger.getLevel();
        pluginLogger.setLevel(Level.ALL);
        pluginLogger.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        pluginLogger.removeHandler(capture);
        pluginLogger.setLevel(previousLevel);
    }

    @Test
    void tokensAndTheClientSecretNeverLeakEvenWhenEchoed() {
        fake.echoCredentials();
        fake.require("Contact", "LastName");
        List<String> seen = new ArrayList<>();
        SalesforceConnection connection = open("retry.max-attempts", "1", "bulk-threshold", "3", "bulk-poll-interval", "1s");

        List<RecordOutcome> outcomes = new ArrayList<>(send(connection, target(Strategy.CREATE),
                create("ok", contact("Ok", "ok@example.com")), create("bad", JSON.createObjectNode().put("Email", "x"))));
        fake.expireTokens();
        outcomes.addAll(send(connection, target(Strategy.CREATE), create("b1", contact("B1", "1@example.com")),
                create("b2", contact("B2", "2@example.com")), create("b3", JSON.createObjectNode().put("Email", "3"))));
        fake.throttleNext(1, 503, 1);
        outcomes.addAll(send(connection, target(Strategy.CREATE), create("busy", contact("Busy", "busy@example.com"))));
        outcomes.forEach(o -> seen.add(o.result().toString()));
        SalesforceConnection wrongSecret = open("client-secret", FakeSalesforce.CLIENT_SECRET + "-rotated");
        seen.add(catchThrowable(() -> await(wrongSecret.check())).getMessage());
        seen.add(SalesforceSettings.parse("crm", context(clientCredentials()).settings()).toString());

        assertThat(outcomes).extracting(RecordOutcome::success).containsExactly(true, false, true, true, false, false);
        assertThat(fake.tokensIssued()).isEqualTo(2);
        List<String> secrets = new ArrayList<>(fake.issuedTokens());
        secrets.add(FakeSalesforce.CLIENT_SECRET);
        assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(secrets));
        assertThat(logged).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain(secrets));
        assertThat(seen.get(0)).as("the echo is kept, masked").contains("\"seenAuthorization\":\"***\"").contains("session *** used");
    }

    @Test
    void theJwtKeyAndAssertionNeverLeak() {
        fake.echoCredentials();
        Map<String, String> settings = new HashMap<>(jwtBearer("private-key", privateKeyPem()));
        SalesforceConnection connection = open(settings);
        List<RecordOutcome> outcomes = send(connection, target(Strategy.CREATE), create("j", contact("J", "j@example.com")));
        String keyBody = privateKeyPem().split("\n")[1];
        String assertion = fake.tokenRequests().get(0).get("assertion");

        Map<String, String> broken = new HashMap<>(settings);
        broken.put("private-key", privateKeyPem().replace(keyBody, keyBody.substring(0, 20) + "!!!!"));
        Throwable invalid = catchThrowable(() -> open(broken));

        assertThat(invalid).isInstanceOf(PluginConfigException.class).hasMessageContaining("private-key");
        List<String> seen = List.of(outcomes.get(0).result().toString(), invalid.getMessage(), String.join("\n", logged),
                SalesforceSettings.parse("crm", context(settings).settings()).toString());
        assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(keyBody).doesNotContain(keyBody.substring(0, 20))
                .doesNotContain(assertion).doesNotContain(fake.issuedTokens()));
    }
}
