package io.sluice.plugins.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.engine.EngineHarness;
import io.sluice.plugin.AppConnection;
import io.sluice.state.ApplyState;
import io.sluice.state.Run;
import io.sluice.sync.SyncDefinition;
import io.sluice.testing.MutableClock;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Through the real engine (DuckDB): a 2xx that did not deliver is a retryable failure, and the next run retries it. */
class WebhookDeliveryEngineTest extends WebhookTestBase {
    private static final SyncDefinition SYNC = EngineHarness.sync("""
            slug: contacts
            source: {warehouse: w, table: contacts, id-column: id}
            target: {connection: crm, object: contacts}
            strategy: mirror
            mapping: {email: email}
            """);

    private Warehouse warehouse;
    private EngineHarness h;

    @BeforeEach
    void setUp() {
        warehouse = WarehouseFactory.open("w", "jdbc:duckdb:", Optional.empty(), Optional.empty(), Map.of(), "sluice", 2);
        h = new EngineHarness(warehouse, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), EngineHarness.config(100, 50, 10, 1));
        h.sql("CREATE TABLE contacts AS SELECT * FROM (VALUES (1, 'ann@example.com'), (2, 'bob@example.com')) t(id, email)");
    }

    @AfterEach
    void tearDown() {
        warehouse.close();
    }

    @Test
    void anHtmlPageAnswered200IsARetryableDestinationFailureRetriedByTheNextRun() throws Exception {
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("ann@example.com"))).willReturn(okJson("{\"id\": \"c-ann\"}")));
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("bob@example.com")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html><body>Gateway error</body></html>")));
        AppConnection crm = open("url", base() + "/contacts", "id-pointer", "/id");

        h.run(SYNC, crm);

        assertThat(h.applyState("contacts", "1")).isEqualTo(ApplyState.SUCCESS);
        assertThat(h.applyState("contacts", "2")).isEqualTo(ApplyState.DESTINATION_FAILURE);
        Map<String, Object> bob = h.stateOf("contacts", "2").orElseThrow();
        assertThat(bob.get("app_identifier")).isNull();
        JsonNode result = JSON.readTree((String) bob.get("last_result"));
        assertThat(result.path("retryable").asBoolean()).isTrue();
        assertThat(result.path("pointer").asText()).isEqualTo("/id");
        assertThat(result.path("error").asText()).contains("id-pointer '/id'");
        assertThat(result.path("body").asText()).isEqualTo("<html><body>Gateway error</body></html>");

        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("bob@example.com"))).willReturn(okJson("{\"id\": \"c-bob\"}")));
        Run second = h.run(SYNC, crm);

        assertThat(h.applyState("contacts", "2")).isEqualTo(ApplyState.SUCCESS);
        assertThat(h.stateOf("contacts", "2").orElseThrow().get("app_identifier")).isEqualTo("c-bob");
        assertThat(h.historyCount(second.id())).as("only the failed record is sent again").isEqualTo(1);
    }
}
