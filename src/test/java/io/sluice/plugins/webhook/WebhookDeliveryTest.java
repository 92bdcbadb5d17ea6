package io.sluice.plugins.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.plugin.Action;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.PluginConfigException;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.support.ResponseJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A 2xx counts as delivered only in the terms the connection declares: id-pointer, success-pointer, success-value. */
class WebhookDeliveryTest extends WebhookTestBase {
    private static final String PROXY_PAGE = "<html><head><title>502 Bad Gateway</title></head>\n<body><h1>Bad Gateway</h1>"
            + "<p>upstream said no to Authorization: Bearer " + TOKEN + "</p><p>" + "retry later ".repeat(40) + "</p></body></html>";

    @Test
    void anHtmlPageAnswered200ToACreateIsARetryableFailureNamingTheIdPointer() {
        wm.stubFor(post("/contacts").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody(PROXY_PAGE)));
        AppConnection crm = open("url", base() + "/contacts", "id-pointer", "/id", "headers.Authorization", "Bearer " + TOKEN);

        RecordOutcome outcome = send(crm, create("r1", "ann@example.com")).get(0);

        assertThat(outcome.success()).isFalse();
        assertThat(outcome.appIdentifier()).isNull();
        assertThat(outcome.result().path("retryable").asBoolean()).isTrue();
        assertThat(outcome.status()).isEqualTo(RecordOutcome.Status.TRANSIENT);
        assertThat(outcome.result().path("setting").asText()).isEqualTo("id-pointer");
        assertThat(outcome.result().path("pointer").asText()).isEqualTo("/id");
        assertThat(outcome.result().path("status").asInt()).isEqualTo(200);
        assertThat(outcome.result().path("error").asText())
                .contains("connection 'crm'", "HTTP 200", "not a JSON object or array", "id-pointer '/id'");
        assertThat(outcome.result().path("body").asText())
                .as("a short excerpt on one line, the echoed token masked")
                .startsWith("<html><head><title>502 Bad Gateway</title></head> <body>")
                .hasSize(ResponseJson.EXCERPT + "...".length())
                .contains("Authorization: ***");
        assertThat(outcome.result().toString()).doesNotContain(TOKEN);
    }

    @Test
    void aJsonAnswerWithoutTheIdentifierFailsACreateButAnEmptyAnswerToAnUpdateOrDeleteOfAKnownObjectPasses() {
        wm.stubFor(post("/contacts").willReturn(okJson("{\"status\": \"queued\"}")));
        wm.stubFor(patch("/contacts/c-2").willReturn(aResponse().withStatus(204)));
        wm.stubFor(delete("/contacts/c-3").willReturn(aResponse().withStatus(204)));
        AppConnection crm = open("url", base() + "/contacts{% if app_identifier %}/{{ app_identifier }}{% endif %}",
                "method.update", "PATCH", "id-pointer", "/id");

        List<RecordOutcome> outcomes = send(crm, create("new", "new@example.com"),
                existing("changed", Action.UPDATE, "changed@example.com", "c-2"),
                existing("gone", Action.DELETE, "gone@example.com", "c-3"));

        RecordOutcome created = outcome(outcomes, "new");
        assertThat(created.success()).isFalse();
        assertThat(created.result().path("retryable").asBoolean()).isTrue();
        assertThat(created.status()).isEqualTo(RecordOutcome.Status.TRANSIENT);
        assertThat(created.result().path("error").asText()).contains("has no app identifier at id-pointer '/id'");
        assertThat(created.result().path("body").asText()).isEqualTo("{\"status\": \"queued\"}");
        assertThat(outcome(outcomes, "changed").success()).isTrue();
        assertThat(outcome(outcomes, "changed").appIdentifier()).isEqualTo("c-2");
        assertThat(outcome(outcomes, "gone").success()).isTrue();
    }

    @Test
    void theSuccessConditionMustHoldInEvery2xxAnswer() {
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("ok"))).willReturn(okJson("{\"ok\": true, \"id\": 7}")));
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("refused")))
                .willReturn(okJson("{\"ok\": false, \"error\": \"invalid_email\"}")));
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("silent"))).willReturn(okJson("{\"id\": 9}")));
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("empty"))).willReturn(aResponse().withStatus(200)));
        AppConnection crm = open("url", base() + "/contacts", "success-pointer", "/ok", "success-value", "true");

        List<RecordOutcome> outcomes = send(crm, create("ok", "ok"), create("refused", "refused"), create("silent", "silent"),
                create("empty", "empty"));

        assertThat(outcome(outcomes, "ok").success()).isTrue();
        RecordOutcome refused = outcome(outcomes, "refused");
        assertThat(refused.success()).isFalse();
        assertThat(refused.result().path("retryable").asBoolean()).isTrue();
        assertThat(refused.status()).isEqualTo(RecordOutcome.Status.TRANSIENT);
        assertThat(refused.result().path("setting").asText()).isEqualTo("success-pointer");
        assertThat(refused.result().path("pointer").asText()).isEqualTo("/ok");
        assertThat(refused.result().path("error").asText()).contains("has 'false' at success-pointer '/ok', not success-value 'true'");
        assertThat(refused.result().path("body").asText()).contains("invalid_email");
        assertThat(outcome(outcomes, "silent").result().path("error").asText()).contains("no value at success-pointer '/ok'");
        assertThat(outcome(outcomes, "empty").success()).isFalse();
        assertThat(outcome(outcomes, "empty").result().path("error").asText()).contains("is empty", "success-pointer '/ok'");
    }

    @Test
    void inBatchModeEachElementIsCheckedAndAnUnreadableAnswerFailsTheWholeBatch() {
        wm.stubFor(post("/bulk").withRequestBody(matchingJsonPath("$[0].email", equalTo("a@example.com")))
                .willReturn(okJson("[{\"id\": \"c-a\"}, {\"queued\": true}]")));
        wm.stubFor(post("/bulk").withRequestBody(matchingJsonPath("$[0].email", equalTo("c@example.com")))
                .willReturn(aResponse().withStatus(200).withBody(PROXY_PAGE)));
        AppConnection crm = open("url", base() + "/bulk", "mode", "batch", "id-pointer", "/id");

        List<RecordOutcome> first = send(crm, create("a", "a@example.com"), create("b", "b@example.com"));
        List<RecordOutcome> second = send(crm, create("c", "c@example.com"), create("d", "d@example.com"));

        assertThat(outcome(first, "a").success()).isTrue();
        assertThat(outcome(first, "a").appIdentifier()).isEqualTo("c-a");
        assertThat(outcome(first, "b").success()).isFalse();
        assertThat(outcome(first, "b").result().path("retryable").asBoolean()).isTrue();
        assertThat(outcome(first, "b").status()).isEqualTo(RecordOutcome.Status.TRANSIENT);
        assertThat(outcome(first, "b").result().path("body").asText()).isEqualTo("{\"queued\":true}");
        assertThat(second).allSatisfy(o -> {
            assertThat(o.success()).isFalse();
            assertThat(o.result().path("retryable").asBoolean()).isTrue();
            assertThat(o.status()).isEqualTo(RecordOutcome.Status.TRANSIENT);
            assertThat(o.result().path("error").asText()).contains("not a JSON object or array", "id-pointer '/id'");
        });
    }

    @Test
    void aBatchAnswerWithoutAnElementPerRecordCannotGiveACreateItsIdentifier() {
        wm.stubFor(post("/bulk").willReturn(okJson("{\"accepted\": 2}")));
        AppConnection crm = open("url", base() + "/bulk", "mode", "batch", "id-pointer", "/id");

        List<RecordOutcome> outcomes = send(crm, create("a", "a@example.com"), create("b", "b@example.com"));

        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.success()).isFalse();
            assertThat(o.result().path("retryable").asBoolean()).isTrue();
            assertThat(o.status()).isEqualTo(RecordOutcome.Status.TRANSIENT);
            assertThat(o.result().path("error").asText()).contains("no element per record", "id-pointer '/id'");
        });
    }

    @Test
    void theSuccessSettingsAreCheckedWhenTheConnectionOpens() {
        assertThatThrownBy(() -> open("url", base(), "success-value", "ok"))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContainingAll("connection 'crm'", "setting 'success-value'", "needs success-pointer");
        assertThatThrownBy(() -> open("url", base(), "success-pointer", "ok"))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContainingAll("connection 'crm'", "setting 'success-pointer'", "'ok' is not a JSON pointer");
    }
}
