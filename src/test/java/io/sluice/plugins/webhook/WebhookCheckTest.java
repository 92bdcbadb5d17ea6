package io.sluice.plugins.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.plugin.AppConnection;
import io.sluice.plugin.RetryableException;
import org.junit.jupiter.api.Test;

/** The connection check: one GET of check-url when set, no call otherwise. */
class WebhookCheckTest extends WebhookTestBase {

    @Test
    void withoutCheckUrlTheCheckMakesNoCall() {
        AppConnection crm = open("url", base() + "/contacts");

        assertThatCode(() -> await(crm.check())).doesNotThrowAnyException();
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void theCheckGetsCheckUrlWithTheHeaders() {
        wm.stubFor(get("/me").willReturn(okJson("{\"user\": \"sluice\"}")));
        AppConnection crm = open("url", base() + "/contacts", "check-url", base() + "/me", "headers.Authorization", "Bearer " + TOKEN);

        assertThatCode(() -> await(crm.check())).doesNotThrowAnyException();
        wm.verify(1, getRequestedFor(urlEqualTo("/me")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void aRejectedCheckFailsNamingConnectionAndStatus() {
        wm.stubFor(get("/me").willReturn(aResponse().withStatus(401).withBody("bad token")));
        AppConnection crm = open("url", base() + "/contacts", "check-url", base() + "/me");

        assertThatThrownBy(() -> await(crm.check())).isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("connection 'crm'", "GET", "/me", "HTTP 401", "bad token");
    }

    @Test
    void anUnavailableAppFailsTheCheckAsRetryable() {
        wm.stubFor(get("/me").willReturn(aResponse().withStatus(503)));
        AppConnection crm = open("url", base() + "/contacts", "check-url", base() + "/me");

        assertThatThrownBy(() -> await(crm.check())).isInstanceOf(RetryableException.class).hasMessageContaining("503");
    }
}
