package io.sluice.apps.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sluice.apps.AppDefinitionContractTest;
import io.sluice.apps.fakes.FakeApi;
import io.sluice.apps.runtime.DefinitionPlugin;
import io.sluice.apps.tiny.TinyDefinitions;
import io.sluice.plugin.Action;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppUnavailableException;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.SyncTarget;
import io.sluice.testing.MutableClock;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OAuth 2.0 (client credentials and refresh token: one token shared, cached until shortly before it expires, renewed once
 * on a 401), form bodies, and a wait named in a 429's body, against {@link FakeMessages}.
 */
class OAuthFormRuntimeTest {
    private static final SyncTarget TARGET = new SyncTarget("messages", "messages", Strategy.SEND, Map.of());
    private static Vertx vertx;
    private static FakeMessages fake;
    private MutableClock clock;
    private AppConnection connection;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        fake = new FakeMessages();
    }

    @AfterAll
    static void stop() {
        fake.close();
        vertx.closeAndAwait();
    }

    @BeforeEach
    void open() {
        fake.reset();
        clock = MutableClock.atDefaultStart();
        connection = open(TinyDefinitions.text("tiny-oauth"));
    }

    private AppConnection open(String definition) {
        return AppDefinitionContractTest.open(new DefinitionPlugin(AppDefinitionContractTest.parse("tiny-oauth", definition)), fake, clock, vertx, Map.of());
    }

    @AfterEach
    void close() {
        connection.close();
    }

    private List<RecordOutcome> send(AppConnection c, String... ids) {
        List<OutboundRecord> records = java.util.Arrays.stream(ids).map(id -> new OutboundRecord(id, Action.SEND,
                JsonNodeFactory.instance.objectNode().put("phone", "+1555" + id).put("text", "hello " + id), null, null)).toList();
        return c.send(new SendBatch(TARGET, records)).await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void formBodiesGoWithOneClientCredentialsTokenSharedByEveryRequest() {
        List<RecordOutcome> outcomes = send(connection, "1", "2", "3");

        assertThat(outcomes).hasSize(3).allSatisfy(o -> {
            assertThat(o.success()).as("%s", o.result()).isTrue();
            assertThat(o.appIdentifier()).startsWith("SM");
        });
        assertThat(fake.tokenRequests()).singleElement().satisfies(form -> {
            assertThat(form).containsEntry("grant_type", "client_credentials").doesNotContainKey("client_secret");
        });
        assertThat(fake.seen()).filteredOn(s -> s.path().equals("/messages")).hasSize(3)
                .allSatisfy(s -> assertThat(s.form()).containsEntry("From", "+15550000").containsKeys("To", "Body"));
    }

    @Test
    void aTokenTheAppRefusesIsRenewedOnceAndTheRequestRepeated() {
        send(connection, "1");
        fake.expireTokens();

        List<RecordOutcome> outcomes = send(connection, "2");

        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.success()).as("%s", o.result()).isTrue());
        assertThat(fake.tokenRequests()).hasSize(2);
    }

    @Test
    void aTokenIsCachedUntilShortlyBeforeItExpires() {
        send(connection, "1");
        clock.advance(Duration.ofMinutes(58));
        send(connection, "2");
        assertThat(fake.tokenRequests()).as("within the hour, less a minute").hasSize(1);

        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        send(connection, "3");

        assertThat(fake.tokenRequests()).hasSize(2);
    }

    @Test
    void theRefreshTokenGrantSendsTheRefreshTokenAndKeepsARotatedOne() {
        String definition = TinyDefinitions.text("tiny-oauth")
                .replace("grant: client_credentials", "grant: refresh_token\n  refresh-token: \"{{ settings.refresh_token }}\"")
                .replace("client-auth: basic", "client-auth: body")
                .replace("  sender:", "  refresh_token: { type: string, required: true, secret: true }\n  sender:");
        AppConnection refreshing = AppDefinitionContractTest.open(new DefinitionPlugin(AppDefinitionContractTest.parse("tiny-oauth", definition)),
                fake, clock, vertx, Map.of("refresh_token", FakeMessages.REFRESH_TOKEN));
        try {
            send(refreshing, "1");
            fake.expireTokens();
            List<RecordOutcome> outcomes = send(refreshing, "2");

            assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.success()).as("%s", o.result()).isTrue());
            assertThat(fake.tokenRequests()).hasSize(2);
            assertThat(fake.tokenRequests().get(0)).containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", FakeMessages.REFRESH_TOKEN)
                    .containsEntry("client_id", FakeMessages.CLIENT_ID);
            assertThat(fake.tokenRequests().get(1).get("refresh_token")).as("the rotated refresh token").startsWith("rotated-refresh-");
        } finally {
            refreshing.close();
        }
    }

    @Test
    void aWaitNamedInTheBodyOfA429IsWaitedOut() {
        fake.throttle(1, 3);

        List<RecordOutcome> outcomes = send(connection, "1");

        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.success()).as("%s", o.result()).isTrue());
        assertThat(clock.instant()).isAfterOrEqualTo(MutableClock.atDefaultStart().instant().plusSeconds(3));
    }

    @Test
    void refusedCredentialsMakeTheAppUnavailableAndNoSecretLeaks() {
        fake.echoSecrets();
        fake.reject("+15552");
        List<RecordOutcome> outcomes = send(connection, "1", "2");
        List<String> secrets = fake.secrets();
        fake.revokeCredentials();

        Throwable send = catchThrowable(() -> send(connection, "3"));
        Throwable check = catchThrowable(() -> connection.check().await().atMost(Duration.ofSeconds(30)));

        assertThat(outcomes).filteredOn(o -> !o.success()).singleElement()
                .satisfies(o -> assertThat(o.result().path("error").asText()).contains("not a valid phone number"));
        assertThat(send).isInstanceOf(AppUnavailableException.class).hasMessageContaining("connection 'contract'").hasMessageContaining("401");
        assertThat(check).isNotNull();
        List<String> seen = new java.util.ArrayList<>(outcomes.stream().map(o -> o.result().toString()).toList());
        seen.add(send.getMessage());
        seen.add(check.getMessage());
        assertThat(seen).allSatisfy(text -> secrets.forEach(secret -> assertThat(text).doesNotContain(secret)));
    }
}
