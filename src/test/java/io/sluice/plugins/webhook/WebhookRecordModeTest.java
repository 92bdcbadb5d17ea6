package io.sluice.plugins.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.sluice.plugin.Action;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Record mode: one request per record, each answer that record's outcome. */
class WebhookRecordModeTest extends WebhookTestBase {

    @Test
    void postsEachRecordAsJsonWithTheConfiguredHeaders() {
        wm.stubFor(post("/contacts").willReturn(okJson("{\"id\": \"c-1\", \"created\": true}").withStatus(201)));
        AppConnection crm = open("url", base() + "/contacts", "headers.Authorization", "Bearer " + TOKEN, "headers.X-Tenant", "acme");

        List<RecordOutcome> outcomes = send(crm, create("r1", "ann@example.com"), create("r2", "bob@example.com"));

        wm.verify(2, postRequestedFor(urlEqualTo("/contacts"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("X-Tenant", equalTo("acme"))
                .withHeader("Content-Type", equalTo("application/json")));
        wm.verify(postRequestedFor(urlEqualTo("/contacts")).withRequestBody(equalToJson("{\"email\": \"ann@example.com\", \"plan\": \"pro\"}")));
        wm.verify(postRequestedFor(urlEqualTo("/contacts")).withRequestBody(equalToJson("{\"email\": \"bob@example.com\", \"plan\": \"pro\"}")));
        assertThat(outcomes).extracting(RecordOutcome::identifier).containsExactly("r1", "r2");
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.success()).isTrue();
            assertThat(o.result()).isEqualTo(json("{\"id\": \"c-1\", \"created\": true}"));
            assertThat(o.appIdentifier()).as("no id-pointer: keeps the record's (none yet)").isNull();
        });
    }

    @Test
    void picksTheMethodPerActionAndRendersTheUrl() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
        AppConnection crm = open("url", base() + "/{{ object }}/{{ app_identifier }}", "method.update", "PATCH");

        List<RecordOutcome> outcomes = send(crm,
                create("new", "new@example.com"),
                existing("changed", Action.UPDATE, "changed@example.com", "c-7"),
                existing("gone", Action.DELETE, "gone@example.com", "c-9"));

        wm.verify(postRequestedFor(urlEqualTo("/contacts/")).withRequestBody(equalToJson("{\"email\": \"new@example.com\", \"plan\": \"pro\"}")));
        wm.verify(patchRequestedFor(urlEqualTo("/contacts/c-7")).withRequestBody(equalToJson("{\"email\": \"changed@example.com\", \"plan\": \"pro\"}")));
        List<LoggedRequest> deletes = wm.findAll(deleteRequestedFor(urlEqualTo("/contacts/c-9")));
        assertThat(deletes).singleElement().satisfies(d -> {
            assertThat(d.getBodyAsString()).as("DELETE without body-template sends no body").isEmpty();
            assertThat(d.containsHeader("Content-Type")).isFalse();
        });
        wm.verify(3, anyRequestedFor(anyUrl()));
        assertThat(outcomes).allSatisfy(o -> assertThat(o.success()).isTrue());
        assertThat(outcome(outcomes, "changed").appIdentifier()).isEqualTo("c-7");
        assertThat(outcome(outcomes, "gone").result()).isEqualTo(json("{\"status\": 204, \"body\": \"\"}"));
    }

    @Test
    void readsTheAppIdentifierAtTheIdPointerAndKeepsTheOldOneWhenAbsent() {
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("ann@example.com")))
                .willReturn(okJson("{\"data\": {\"id\": 12345}}")));
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("bob@example.com")))
                .willReturn(okJson("{\"data\": {}}")));
        AppConnection crm = open("url", base() + "/contacts", "id-pointer", "/data/id");

        List<RecordOutcome> outcomes = send(crm, create("ann", "ann@example.com"),
                existing("bob", Action.RECREATE, "bob@example.com", "c-bob"));

        assertThat(outcome(outcomes, "ann").appIdentifier()).isEqualTo("12345");
        assertThat(outcome(outcomes, "bob").appIdentifier()).isEqualTo("c-bob");
    }

    @Test
    void aNon2xxAnswerIsAFailureWithStatusAndBody() {
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("bad")))
                .willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                        .withBody("{\"errors\": [{\"field\": \"email\", \"message\": \"invalid\"}]}")));
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("worse")))
                .willReturn(aResponse().withStatus(400).withBody("Bad Request: no")));
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("fine@example.com")))
                .willReturn(okJson("{\"id\": \"ok\"}")));
        AppConnection crm = open("url", base() + "/contacts");

        List<RecordOutcome> outcomes = send(crm, create("bad", "bad"), create("worse", "worse"), create("fine", "fine@example.com"));

        assertThat(outcome(outcomes, "bad").success()).isFalse();
        assertThat(outcome(outcomes, "bad").result())
                .isEqualTo(json("{\"status\": 422, \"body\": {\"errors\": [{\"field\": \"email\", \"message\": \"invalid\"}]}}"));
        assertThat(outcome(outcomes, "worse").result()).isEqualTo(json("{\"status\": 400, \"body\": \"Bad Request: no\"}"));
        assertThat(outcome(outcomes, "fine").success()).isTrue();
    }

    @Test
    void throttlingAndServerErrorsFailOnlyTheirRecordAndAreMarkedRetryable() {
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("throttled")))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("slow down")));
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("unlucky")))
                .willReturn(aResponse().withStatus(503).withBody("maintenance")));
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("fine")))
                .willReturn(okJson("{\"id\": \"f\"}")));
        AppConnection crm = open("url", base() + "/contacts", "retry.max-attempts", "1");

        List<RecordOutcome> outcomes = send(crm, create("a", "throttled"), create("b", "unlucky"), create("c", "fine"));

        assertThat(outcome(outcomes, "a").success()).isFalse();
        assertThat(outcome(outcomes, "a").result())
                .isEqualTo(json("{\"status\": 429, \"body\": \"slow down\", \"retryable\": true, \"retry_after\": \"30\"}"));
        assertThat(outcome(outcomes, "b").result()).isEqualTo(json("{\"status\": 503, \"body\": \"maintenance\", \"retryable\": true}"));
        assertThat(outcomes).extracting(RecordOutcome::status)
                .containsExactly(RecordOutcome.Status.TRANSIENT, RecordOutcome.Status.TRANSIENT, RecordOutcome.Status.SUCCESS);
        assertThat(outcome(outcomes, "c").success()).isTrue();
    }

    @Test
    void aSlowAnswerBeyondTheTimeoutIsARetryableFailure() {
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("slow")))
                .willReturn(okJson("{}").withFixedDelay(3_000)));
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("quick")))
                .willReturn(okJson("{\"id\": \"q\"}")));
        AppConnection crm = open("url", base() + "/contacts", "timeout", "300ms", "retry.max-attempts", "1");

        long started = System.nanoTime();
        List<RecordOutcome> outcomes = send(crm, create("slow", "slow"), create("quick", "quick"));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        RecordOutcome slow = outcome(outcomes, "slow");
        assertThat(slow.success()).isFalse();
        assertThat(slow.result().path("retryable").asBoolean()).isTrue();
        assertThat(slow.status()).isEqualTo(RecordOutcome.Status.TRANSIENT);
        assertThat(slow.result().path("error").asText()).containsIgnoringCase("timeout").contains("POST").contains("/contacts");
        assertThat(outcome(outcomes, "quick").success()).isTrue();
        assertThat(tookMillis).as("gave up at the timeout, not at the answer").isLessThan(2_500);
    }

    @Test
    void withoutAnIdOrSuccessPointerAMalformedJsonBodyOn2xxIsASuccessKeepingTheRawText() {
        wm.stubFor(post("/contacts").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"c-1\", oops")));
        AppConnection crm = open("url", base() + "/contacts");

        RecordOutcome outcome = send(crm, existing("r1", Action.RECREATE, "a@example.com", "c-old")).get(0);

        assertThat(outcome.success()).isTrue();
        assertThat(outcome.result()).isEqualTo(json("{\"status\": 200, \"body\": \"{\\\"id\\\": \\\"c-1\\\", oops\"}"));
        assertThat(outcome.appIdentifier()).as("no id-pointer: keeps the old one").isEqualTo("c-old");
    }

    @Test
    void longTextBodiesAreCutTo2000Characters() {
        wm.stubFor(post("/contacts").willReturn(aResponse().withStatus(500).withBody("x".repeat(5_000))));
        AppConnection crm = open("url", base() + "/contacts");

        RecordOutcome outcome = send(crm, create("r1", "a@example.com")).get(0);

        assertThat(outcome.result().path("body").asText()).hasSize(2_000);
    }

    @Test
    void theBodyTemplateRendersTheRequestBody() {
        wm.stubFor(any(anyUrl()).willReturn(okJson("{}")));
        AppConnection crm = open("url", base() + "/events/{{ action }}",
                "method.delete", "POST",
                "body-template", """
                        {"properties": {"email": {{ record.email | tojson }}, "was": {{ previous.email | tojson }}},
                         "source_id": "{{ identifier }}", "app_id": "{{ app_identifier }}", "op": "{{ action }}", "object": "{{ object }}"}""");

        send(crm, existing("r9", Action.DELETE, "z@example.com", "c-9"));

        wm.verify(postRequestedFor(urlEqualTo("/events/delete")).withRequestBody(equalToJson("""
                {"properties": {"email": "z@example.com", "was": "old-z@example.com"},
                 "source_id": "r9", "app_id": "c-9", "op": "delete", "object": "contacts"}""")));
    }

    @Test
    void aHttpDeleteCarriesTheRenderedBodyWhenABodyTemplateIsSet() {
        wm.stubFor(delete("/contacts/c-1").willReturn(aResponse().withStatus(204)));
        AppConnection crm = open("url", base() + "/contacts/{{ app_identifier }}", "body-template", "{\"reason\": \"left the source\"}");

        send(crm, existing("r1", Action.DELETE, "a@example.com", "c-1"));

        wm.verify(deleteRequestedFor(urlEqualTo("/contacts/c-1")).withRequestBody(equalToJson("{\"reason\": \"left the source\"}")));
    }

    @Test
    void aTemplateErrorFailsOnlyItsRecordWithTheMessageAndLine() {
        wm.stubFor(post("/contacts").willReturn(okJson("{\"id\": \"c\"}")));
        AppConnection crm = open("url", base() + "/contacts", "body-template", """
                {"email": {{ record.email | tojson }},
                 "tier": "{% if record.score > 10 %}gold{% else %}basic{% endif %}"}""");
        OutboundRecord good = new OutboundRecord("good", Action.CREATE, contact("g@example.com").put("score", 42), null, null);
        OutboundRecord bad = new OutboundRecord("bad", Action.CREATE, contact("b@example.com").put("score", "high"), null, null);

        List<RecordOutcome> outcomes = send(crm, good, bad);

        assertThat(outcome(outcomes, "good").success()).isTrue();
        RecordOutcome failed = outcome(outcomes, "bad");
        assertThat(failed.success()).isFalse();
        assertThat(failed.result().path("error").asText()).contains("body-template").contains("line 2").contains("high");
        assertThat(failed.result().path("line").asInt()).isEqualTo(2);
        wm.verify(1, postRequestedFor(urlEqualTo("/contacts")).withRequestBody(equalToJson("{\"email\": \"g@example.com\", \"tier\": \"gold\"}")));
    }

    @Test
    void aTemplateRenderingInvalidJsonFailsItsRecordWithoutSendingIt() {
        AppConnection crm = open("url", base() + "/contacts", "body-template", "{\"ratio\": {{ record.a / record.b }}}");
        OutboundRecord divByZero = new OutboundRecord("r1", Action.CREATE, JSON.createObjectNode().put("a", 1).put("b", 0), null, null);

        RecordOutcome outcome = send(crm, divByZero).get(0);

        assertThat(outcome.success()).isFalse();
        assertThat(outcome.result().path("error").asText()).startsWith("body-template did not render valid JSON");
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anUpdateOrDeleteWithoutAppIdentifierIsNotSentWhenTheUrlNeedsIt() {
        AppConnection crm = open("url", base() + "/contacts/{{ app_identifier }}");
        OutboundRecord orphan = existing("r1", Action.DELETE, "a@example.com", null);

        assertThat(crm.validate(CONTACTS, orphan)).singleElement().asString().contains("app_identifier");
        assertThat(crm.validate(CONTACTS, create("r2", "b@example.com"))).isEmpty();
        RecordOutcome outcome = send(crm, orphan).get(0);

        assertThat(outcome.success()).isFalse();
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void sendsTheRecordsOfABatchConcurrently() {
        wm.stubFor(post("/contacts").willReturn(okJson("{}").withFixedDelay(800)));
        AppConnection crm = open("url", base() + "/contacts", "batch-size", "6");
        OutboundRecord[] records = IntStream.range(0, 6).mapToObj(i -> create("r" + i, i + "@example.com")).toArray(OutboundRecord[]::new);

        long started = System.nanoTime();
        List<RecordOutcome> outcomes = send(crm, records);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(crm.maxBatchSize()).isEqualTo(6);
        assertThat(outcomes).hasSize(6).allSatisfy(o -> assertThat(o.success()).isTrue());
        assertThat(tookMillis).as("6 x 800 ms in parallel, not in sequence").isLessThan(3_000);
    }

    @Test
    void maxConnectionsBoundsTheRequestsInFlight() {
        wm.stubFor(post("/contacts").willReturn(okJson("{}").withFixedDelay(500)));
        AppConnection crm = open("url", base() + "/contacts", "batch-size", "4", "max-connections", "2");
        OutboundRecord[] records = IntStream.range(0, 4).mapToObj(i -> create("r" + i, i + "@example.com")).toArray(OutboundRecord[]::new);

        long started = System.nanoTime();
        List<RecordOutcome> outcomes = send(crm, records);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(outcomes).allSatisfy(o -> assertThat(o.success()).isTrue());
        assertThat(tookMillis).as("4 requests over 2 connections take two rounds").isGreaterThanOrEqualTo(950);
    }

    @Test
    void anEmptyBatchSendsNothing() {
        AppConnection crm = open("url", base() + "/contacts");

        assertThat(send(crm)).isEmpty();
        wm.verify(0, anyRequestedFor(anyUrl()));
    }
}
