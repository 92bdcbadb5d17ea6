package io.sluice.plugins.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.plugin.Action;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.BatchRejectedException;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.RetryableException;
import io.sluice.plugin.SendBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batch mode: one request per batch (and action), a JSON array of records; the answer mapped back per record. */
class WebhookBatchModeTest extends WebhookTestBase {

    private AppConnection openBatch(String... more) {
        String[] settings = new String[4 + more.length];
        settings[0] = "url";
        settings[1] = base() + "/bulk/{{ object }}/{{ action }}";
        settings[2] = "mode";
        settings[3] = "batch";
        System.arraycopy(more, 0, settings, 4, more.length);
        return open(settings);
    }

    @Test
    void postsOneArrayAndMapsTheAnswerArrayPerRecord() {
        wm.stubFor(post("/bulk/contacts/create").willReturn(okJson("""
                [{"id": "c-1"}, {"error": {"email": "invalid"}}, {"id": "c-3", "error": null}]""")));
        AppConnection crm = openBatch("id-pointer", "/id", "headers.Authorization", "Bearer " + TOKEN);

        List<RecordOutcome> outcomes = send(crm, create("r1", "a@example.com"), create("r2", "nope"), create("r3", "c@example.com"));

        wm.verify(1, anyRequestedFor(anyUrl()));
        wm.verify(postRequestedFor(urlEqualTo("/bulk/contacts/create"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("""
                        [{"email": "a@example.com", "plan": "pro"}, {"email": "nope", "plan": "pro"}, {"email": "c@example.com", "plan": "pro"}]""")));
        assertThat(outcomes).extracting(RecordOutcome::identifier).containsExactly("r1", "r2", "r3");
        assertThat(outcome(outcomes, "r1").success()).isTrue();
        assertThat(outcome(outcomes, "r1").appIdentifier()).isEqualTo("c-1");
        assertThat(outcome(outcomes, "r1").result()).isEqualTo(json("{\"id\": \"c-1\"}"));
        assertThat(outcome(outcomes, "r2").success()).isFalse();
        assertThat(outcome(outcomes, "r2").result()).isEqualTo(json("{\"error\": {\"email\": \"invalid\"}}"));
        assertThat(outcome(outcomes, "r3").success()).as("a null error is no error").isTrue();
        assertThat(outcome(outcomes, "r3").appIdentifier()).isEqualTo("c-3");
    }

    @Test
    void aServerErrorFailsTheWholeBatchAsRetryable() {
        wm.stubFor(post("/bulk/contacts/create").willReturn(aResponse().withStatus(503).withBody("down for maintenance")));
        AppConnection crm = openBatch();

        assertThatThrownBy(() -> send(crm, create("r1", "a@example.com"), create("r2", "b@example.com")))
                .isInstanceOf(RetryableException.class)
                .hasMessageContaining("503").hasMessageContaining("connection 'crm'").hasMessageContaining("2 records");
    }

    @Test
    void throttlingFailsTheWholeBatchAsRetryableNamingRetryAfter() {
        wm.stubFor(post("/bulk/contacts/create").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        AppConnection crm = openBatch("retry.max-attempts", "1");

        assertThatThrownBy(() -> send(crm, create("r1", "a@example.com")))
                .isInstanceOf(RetryableException.class)
                .hasMessageContaining("429").hasMessageContaining("Retry-After: 120");
    }

    @Test
    void aSlowAnswerBeyondTheTimeoutFailsTheBatchAsRetryable() {
        wm.stubFor(post("/bulk/contacts/create").willReturn(okJson("[]").withFixedDelay(3_000)));
        AppConnection crm = openBatch("timeout", "300ms", "retry.max-attempts", "1");

        assertThatThrownBy(() -> send(crm, create("r1", "a@example.com")))
                .isInstanceOf(RetryableException.class).hasMessageContainingAll("POST", "/bulk/contacts/create");
    }

    @Test
    void aClientErrorRejectsABatchOfSeveralSoTheEngineSplitsItAndFailsASingleRecord() {
        wm.stubFor(post("/bulk/contacts/create").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"invalid email\"}")));
        AppConnection crm = openBatch();

        assertThatThrownBy(() -> send(crm, create("r1", "a@example.com"), create("r2", "b@example.com")))
                .isInstanceOf(BatchRejectedException.class).hasMessageContainingAll("400", "batch of 2", "invalid email");

        List<RecordOutcome> single = send(crm, create("r1", "a@example.com"));
        assertThat(single).singleElement().satisfies(o -> {
            assertThat(o.success()).isFalse();
            assertThat(o.result()).isEqualTo(json("{\"status\": 400, \"body\": {\"message\": \"invalid email\"}}"));
        });
    }

    @Test
    void any2xxWithoutAPerRecordArrayMeansAllSucceeded() {
        wm.stubFor(post("/bulk/contacts/recreate").willReturn(okJson("{\"accepted\": 2}")));
        AppConnection crm = openBatch("id-pointer", "/id");

        List<RecordOutcome> outcomes = send(crm, existing("r1", Action.RECREATE, "a@example.com", "c-1"),
                existing("r2", Action.RECREATE, "b@example.com", "c-2"));

        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.success()).isTrue();
            assertThat(o.result()).isEqualTo(json("{\"accepted\": 2}"));
        });
        assertThat(outcomes).extracting(RecordOutcome::appIdentifier).containsExactly("c-1", "c-2");
    }

    @Test
    void mixedActionsGoInOneRequestPerActionWithTheirMethods() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
        AppConnection crm = openBatch("method.update", "PUT");

        List<RecordOutcome> outcomes = send(crm,
                create("r1", "a@example.com"),
                existing("r2", Action.DELETE, "b@example.com", "c-2"),
                create("r3", "c@example.com"),
                existing("r4", Action.UPDATE, "d@example.com", "c-4"));

        wm.verify(3, anyRequestedFor(anyUrl()));
        wm.verify(postRequestedFor(urlEqualTo("/bulk/contacts/create")).withRequestBody(equalToJson("""
                [{"email": "a@example.com", "plan": "pro"}, {"email": "c@example.com", "plan": "pro"}]""")));
        wm.verify(deleteRequestedFor(urlEqualTo("/bulk/contacts/delete"))
                .withRequestBody(equalToJson("[{\"email\": \"b@example.com\", \"plan\": \"pro\"}]")));
        wm.verify(anyRequestedFor(urlEqualTo("/bulk/contacts/update")).withRequestBody(equalToJson("[{\"email\": \"d@example.com\", \"plan\": \"pro\"}]")));
        assertThat(wm.findAll(anyRequestedFor(urlEqualTo("/bulk/contacts/update"))).get(0).getMethod().getName()).isEqualTo("PUT");
        assertThat(outcomes).extracting(RecordOutcome::identifier).containsExactlyInAnyOrder("r1", "r2", "r3", "r4");
        assertThat(outcomes).allSatisfy(o -> assertThat(o.success()).isTrue());
    }

    @Test
    void aTemplateErrorFailsItsRecordAndTheOthersAreSent() {
        wm.stubFor(post("/bulk/contacts/create").willReturn(okJson("[{\"id\": \"c-1\"}, {\"id\": \"c-3\"}]")));
        AppConnection crm = openBatch("id-pointer", "/id", "body-template", """
                {"email": {{ record.email | tojson }},
                 "vip": {% if record.score > 10 %}true{% else %}false{% endif %}}""");
        OutboundRecord bad = new OutboundRecord("r2", Action.CREATE, contact("b@example.com").put("score", "lots"), null, null);

        List<RecordOutcome> outcomes = send(crm, create("r1", "a@example.com"), bad, create("r3", "c@example.com"));

        wm.verify(postRequestedFor(urlEqualTo("/bulk/contacts/create")).withRequestBody(equalToJson("""
                [{"email": "a@example.com", "vip": false}, {"email": "c@example.com", "vip": false}]""")));
        assertThat(outcome(outcomes, "r1").appIdentifier()).isEqualTo("c-1");
        assertThat(outcome(outcomes, "r3").appIdentifier()).isEqualTo("c-3");
        assertThat(outcome(outcomes, "r2").success()).isFalse();
        assertThat(outcome(outcomes, "r2").result().path("error").asText()).contains("line 2");
    }

    @Test
    void theBatchSizeDefaultsTo100AndCanBeLowered() {
        assertThat(openBatch().maxBatchSize()).isEqualTo(100);
        assertThat(openBatch("batch-size", "25").maxBatchSize()).isEqualTo(25);
        assertThat(open("url", base()).maxBatchSize()).as("record mode").isEqualTo(1);
    }

    @Test
    void theBatchRequestsUrlSeesOnlyObjectAndAction() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(202)));
        AppConnection crm = open("url", base() + "/bulk/{{ object }}?op={{ action }}&id={{ identifier }}", "mode", "batch");

        crm.send(new SendBatch(CONTACTS, List.of(create("r1", "a@example.com")))).await().indefinitely();

        wm.verify(postRequestedFor(urlEqualTo("/bulk/contacts?op=create&id=")));
    }
}
