package io.sluice.plugins.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sluice.plugin.AppConnection;
import io.sluice.plugin.PluginSettings;
import io.sluice.plugin.RecordOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Header values are credentials: even when the app echoes them back (debug endpoints, error pages), they never
 * reach an outcome's result or an exception message.
 */
class WebhookSecretsTest extends WebhookTestBase {
    private static final String ECHO = "{\"seen_headers\": {\"Authorization\": \"Bearer " + TOKEN + "\", \"X-Api-Key\": \"key-" + TOKEN + "\"}}";

    @Test
    void headerValuesNeverAppearInResultsOrMessages() {
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("ok")))
                .willReturn(okJson(ECHO)));
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("denied")))
                .willReturn(aResponse().withStatus(401).withBody("invalid credentials: Bearer " + TOKEN)));
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("busy")))
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json").withBody(ECHO)));
        wm.stubFor(post("/contacts").withRequestBody(matchingJsonPath("$.email", equalTo("slow")))
                .willReturn(okJson(ECHO).withFixedDelay(2_000)));
        wm.stubFor(post("/bulk").willReturn(aResponse().withStatus(503).withBody("upstream said " + ECHO)));
        wm.stubFor(get("/me").willReturn(aResponse().withStatus(403).withBody("token " + TOKEN + " lacks scope")));
        String[] secretHeaders = {"headers.Authorization", "Bearer " + TOKEN, "headers.X-Api-Key", "key-" + TOKEN};
        List<String> seen = new ArrayList<>();

        AppConnection records = open(concat(secretHeaders, "url", base() + "/contacts", "timeout", "300ms", "check-url", base() + "/me"));
        List<RecordOutcome> outcomes = send(records, create("a", "ok"), create("b", "denied"), create("c", "busy"), create("d", "slow"));
        outcomes.forEach(o -> seen.add(o.result().toString()));
        seen.add(catchThrowable(() -> await(records.check())).getMessage());
        AppConnection batch = open(concat(secretHeaders, "url", base() + "/bulk", "mode", "batch"));
        seen.add(catchThrowable(() -> send(batch, create("e", "e@example.com"))).getMessage());
        seen.add(WebhookSettings.parse("crm", new PluginSettings("crm", Map.of(secretHeaders[0], secretHeaders[1], secretHeaders[2], secretHeaders[3],
                "url", base() + "/contacts?key=" + TOKEN))).toString());

        assertThat(outcomes).extracting(RecordOutcome::success).containsExactly(true, false, false, false);
        assertThat(seen).hasSize(7).allSatisfy(text -> assertThat(text).doesNotContain(TOKEN));
        assertThat(seen.get(0)).as("the echo is kept, masked").contains("\"Authorization\":\"***\"");
        assertThat(seen.get(6)).as("settings name their headers").contains("Authorization=***", "X-Api-Key=***");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
