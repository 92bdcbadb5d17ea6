package io.sluice.plugins.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.sluice.plugin.AppUnavailableException;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.Strategy;
import io.smallrye.mutiny.Uni;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Both OAuth 2.0 server-to-server flows, the token cache, and renewal after a 401. */
class SalesforceAuthTest extends SalesforceTestBase {

    @Test
    void clientCredentialsPostsTheFormToTheTokenEndpointAndUsesTheInstanceUrl() {
        SalesforceConnection connection = open();

        await(connection.check());

        assertThat(fake.tokenRequests()).singleElement().satisfies(form -> {
            assertThat(form).containsEntry("grant_type", "client_credentials")
                    .containsEntry("client_id", FakeSalesforce.CLIENT_ID)
                    .containsEntry("client_secret", FakeSalesforce.CLIENT_SECRET);
        });
        assertThat(fake.tokensIssued()).isEqualTo(1);
    }

    @Test
    void jwtBearerSignsAnAssertionTheOrgVerifiesFromAKeyFile() throws Exception {
        SalesforceConnection connection = open(jwtBearer("private-key-file", privateKeyFile().toString()));

        await(connection.check());

        assertThat(fake.tokensIssued()).as("token issued for a verified assertion: %s", fake.tokenRequests()).isEqualTo(1);
        Map<String, String> form = fake.tokenRequests().get(0);
        assertThat(form.get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
        String[] parts = form.get("assertion").split("\\.");
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(claims.path("iss").asText()).isEqualTo(FakeSalesforce.CLIENT_ID);
        assertThat(claims.path("sub").asText()).isEqualTo(FakeSalesforce.USERNAME);
        assertThat(claims.path("aud").asText()).isEqualTo("https://login.salesforce.com");
        assertThat(claims.path("exp").asLong() - clock.instant().getEpochSecond()).isBetween(1L, 180L);
    }

    @Test
    void jwtBearerReadsThePemFromAnEnvironmentStyleValueWithEscapedLineBreaks() {
        String oneLine = privateKeyPem().replace("\n", "\\n");
        SalesforceConnection connection = open(jwtBearer("private-key", oneLine));

        await(connection.check());

        assertThat(fake.tokensIssued()).isEqualTo(1);
    }

    @Test
    void aSandboxLoginUsesTheTestAudience() {
        assertThat(SalesforceSettings.defaultAudience("https://test.salesforce.com")).isEqualTo("https://test.salesforce.com");
        assertThat(SalesforceSettings.defaultAudience("https://acme--uat.sandbox.my.salesforce.com")).isEqualTo("https://test.salesforce.com");
        assertThat(SalesforceSettings.defaultAudience("https://acme.my.salesforce.com")).isEqualTo("https://login.salesforce.com");
    }

    @Test
    void anAssertionSignedWithAnotherKeyIsRefusedWithSalesforcesError() throws Exception {
        var other = java.security.KeyPairGenerator.getInstance("RSA");
        other.initialize(2048);
        String otherPem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(other.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        SalesforceConnection connection = open(jwtBearer("private-key", otherPem));

        Throwable failure = catchThrowable(() -> send(connection, target(Strategy.CREATE), create("a", contact("A", "a@example.com"))));

        assertThat(failure).isInstanceOf(SalesforceAuthException.class).hasMessageContaining("invalid_grant").hasMessageContaining("invalid signature");
        // for the engine a refused token is the app being unavailable: the run fails with this message, not as a plugin bug
        assertThat(failure).isInstanceOf(AppUnavailableException.class);
        assertThat(fake.records("Contact")).isEmpty();
    }

    @Test
    void wrongClientCredentialsFailWithTheOAuthErrorAndNoSecret() {
        SalesforceConnection connection = open("client-secret", "not-the-secret-1234");

        Throwable failure = catchThrowable(() -> await(connection.check()));

        assertThat(failure).isInstanceOf(SalesforceAuthException.class)
                .hasMessageContaining("invalid_client").hasMessageContaining("invalid client credentials")
                .hasMessageNotContaining("not-the-secret-1234");
    }

    @Test
    void theTokenIsCachedAcrossBatches() {
        SalesforceConnection connection = open();

        for (int i = 0; i < 3; i++) {
            send(connection, target(Strategy.CREATE), create("t" + i, contact("T" + i, i + "@example.com")));
        }

        assertThat(fake.tokensIssued()).isEqualTo(1);
    }

    @Test
    void anExpiredSessionIsRenewedExactlyOnceAndTheRequestRepeated() {
        SalesforceConnection connection = open();
        send(connection, target(Strategy.CREATE), create("before", contact("B", "b@example.com")));
        fake.expireTokens();

        List<RecordOutcome> outcomes = send(connection, target(Strategy.CREATE), create("after", contact("A", "a@example.com")));

        assertThat(outcomes.get(0).success()).as("%s", outcomes.get(0).result()).isTrue();
        assertThat(fake.tokensIssued()).isEqualTo(2);
        assertThat(fake.records("Contact")).hasSize(2);
    }

    @Test
    void concurrentBatchesHittingAnExpiredSessionShareOneRenewal() {
        SalesforceConnection connection = open();
        await(connection.check());
        fake.expireTokens();

        List<Uni<List<RecordOutcome>>> batches = IntStream.range(0, 6).mapToObj(i -> connection.send(new SendBatch(target(Strategy.CREATE),
                List.of(create("p" + i, contact("P" + i, i + "@example.com")))))).toList();
        List<List<RecordOutcome>> answers = await(Uni.join().all(batches).andFailFast());

        assertThat(answers).allSatisfy(a -> assertThat(a.get(0).success()).as("%s", a.get(0).result()).isTrue());
        assertThat(fake.tokensIssued()).isEqualTo(2);
    }

    @Test
    void aTokenRefusedAgainAfterRenewalIsNotRenewedTwice() {
        SalesforceConnection connection = open();
        fake.refuseEveryToken();

        List<RecordOutcome> outcomes = send(connection, target(Strategy.CREATE), create("x", contact("X", "x@example.com")));

        assertThat(outcomes.get(0).success()).isFalse();
        assertThat(outcomes.get(0).result().path("status").asInt()).isEqualTo(401);
        assertThat(outcomes.get(0).result().path("errors").get(0).path("errorCode").asText()).isEqualTo("INVALID_SESSION_ID");
        assertThat(fake.tokensIssued()).as("one token, one renewal").isEqualTo(2);
    }

    @Test
    void withoutLoginUrlClientCredentialsGoToTheInstanceUrlWhichIsAlsoTheApiBase() {
        Map<String, String> settings = new HashMap<>(clientCredentials());
        settings.remove("login-url");
        settings.put("instance-url", fake.baseUrl() + "/");
        SalesforceConnection connection = open(settings);

        await(connection.check());

        assertThat(fake.tokensIssued()).isEqualTo(1);
        assertThat(fake.server().findAll(getRequestedFor(urlEqualTo("/services/data/v62.0/limits")))).hasSize(1);
    }

    @Test
    void instanceUrlOverridesTheInstanceUrlOfTheToken() {
        WireMockServer other = new WireMockServer(wireMockConfig().dynamicPort());
        other.start();
        try {
            other.stubFor(get("/services/data/v62.0/limits").willReturn(okJson("{}")));
            SalesforceConnection connection = open("instance-url", other.baseUrl());

            await(connection.check());

            assertThat(other.findAll(getRequestedFor(urlEqualTo("/services/data/v62.0/limits")))).singleElement()
                    .satisfies(r -> assertThat(r.getHeader("Authorization")).startsWith("Bearer 00DFAKE"));
            assertThat(fake.server().findAll(getRequestedFor(urlEqualTo("/services/data/v62.0/limits")))).isEmpty();
        } finally {
            other.stop();
        }
    }
}
