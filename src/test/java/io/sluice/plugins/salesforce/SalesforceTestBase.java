package io.sluice.plugins.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.Action;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.PluginSettings;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.SyncTarget;
import io.sluice.plugin.support.Delayer;
import io.sluice.testing.MutableClock;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fake org, a Vert.x instance and a manual clock per test class. Waits (backoff, Retry-After, rate limits,
 * bulk polling) move the clock instead of sleeping, so tests run in milliseconds.
 */
abstract class SalesforceTestBase {
    static final String CONNECTION = "crm";
    static final ObjectMapper JSON = new ObjectMapper();
    static final KeyPair KEYS = rsaKeys();

    static MutableClock clock;
    static FakeSalesforce fake;
    static Vertx vertx;
    static final List<Duration> waits = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<SalesforceConnection> opened = new ArrayList<>();

    @BeforeAll
    static void startFake() {
        clock = new MutableClock(Instant.now());
        fake = new FakeSalesforce(clock);
        fake.trustJwtKey(KEYS.getPublic());
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopFake() {
        vertx.closeAndAwait();
        fake.close();
    }

    @BeforeEach
    void resetFake() {
        fake.reset();
        waits.clear();
    }

    @AfterEach
    void closeConnections() {
        opened.forEach(SalesforceConnection::close);
        opened.clear();
    }

    /** Waits that move the manual clock at once and are recorded. */
    static final Delayer INSTANT = wait -> {
        waits.add(wait);
        if (!wait.isNegative()) {
            clock.advance(wait);
        }
        return Uni.createFrom().voidItem();
    };

    /** A client-credentials connection to the fake, with more settings as key, value, key, value, ... */
    SalesforceConnection open(String... keysAndValues) {
        Map<String, String> settings = new HashMap<>(clientCredentials());
        // retries wait on the fault-tolerance library's timer, in real time: short unless a test says otherwise
        settings.put("retry.base-delay", "1ms");
        settings.put("retry.max-delay", "10ms");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return open(settings);
    }

    SalesforceConnection open(Map<String, String> settings) {
        SalesforceConnection connection = new SalesforcePlugin().open(context(settings), INSTANT);
        opened.add(connection);
        return connection;
    }

    static ConnectionContext context(Map<String, String> settings) {
        return new ConnectionContext(CONNECTION, new PluginSettings(CONNECTION, settings), vertx, clock);
    }

    static Map<String, String> clientCredentials() {
        return Map.of("login-url", fake.baseUrl(), "client-id", FakeSalesforce.CLIENT_ID, "client-secret", FakeSalesforce.CLIENT_SECRET);
    }

    static Map<String, String> jwtBearer(String keyKey, String keyValue) {
        return Map.of("auth", "jwt-bearer", "login-url", fake.baseUrl(), "client-id", FakeSalesforce.CLIENT_ID,
                "username", FakeSalesforce.USERNAME, keyKey, keyValue);
    }

    static SyncTarget target(Strategy strategy, String... options) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return new SyncTarget("contacts-to-salesforce", "Contact", strategy, map);
    }

    static List<RecordOutcome> send(SalesforceConnection connection, SyncTarget target, OutboundRecord... records) {
        return send(connection, target, List.of(records));
    }

    static List<RecordOutcome> send(SalesforceConnection connection, SyncTarget target, List<OutboundRecord> records) {
        return await(connection.send(new SendBatch(target, records)));
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(20));
    }

    static RecordOutcome outcome(List<RecordOutcome> outcomes, String identifier) {
        return outcomes.stream().filter(o -> o.identifier().equals(identifier)).findFirst()
                .orElseThrow(() -> new AssertionError("no outcome for " + identifier + " in " + outcomes));
    }

    static ObjectNode contact(String lastName, String email) {
        return JSON.createObjectNode().put("LastName", lastName).put("Email", email);
    }

    static OutboundRecord create(String identifier, ObjectNode fields) {
        return new OutboundRecord(identifier, Action.CREATE, fields, null, null);
    }

    static OutboundRecord existing(String identifier, Action action, ObjectNode fields, String appIdentifier) {
        return new OutboundRecord(identifier, action, fields, fields, appIdentifier);
    }

    /** The PKCS#8 PEM text of the test key. */
    static String privateKeyPem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    static Path privateKeyFile() {
        try {
            Path file = Files.createTempFile("sluice-sf-key", ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(file, privateKeyPem());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
