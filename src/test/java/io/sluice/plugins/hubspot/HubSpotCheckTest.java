package io.sluice.plugins.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.plugin.RetryableException;
import org.junit.jupiter.api.Test;

/** The connection check: one cheap authenticated read. */
class HubSpotCheckTest extends HubSpotTestBase {

    @Test
    void listsOneContactWithTheBearerToken() {
        await(open().check());

        assertThat(fake.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/crm/v3/objects/contacts");
        });
    }

    @Test
    void checkObjectPicksATypeTheAppCanRead() {
        await(open("check-object", "companies").check());

        assertThat(fake.requests()).singleElement().extracting(FakeHubSpot.Seen::path).isEqualTo("/crm/v3/objects/companies");
    }

    @Test
    void aRefusedTokenFailsNamingHubSpotsCategoryAndAHint() {
        assertThatThrownBy(() -> await(open("access-token", "pat-na1-wrong-token-0000").check()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("connection 'hubspot': check GET")
                .hasMessageContaining("HTTP 401").hasMessageContaining("INVALID_AUTHENTICATION")
                .hasMessageContaining("is access-token the access token of a private app")
                .hasMessageNotContaining("pat-na1-wrong-token-0000");
    }

    @Test
    void anUnavailableApiIsRetryable() {
        fake.serverErrors(5, 502);

        assertThatThrownBy(() -> await(open().check())).isInstanceOf(RetryableException.class).hasMessageContaining("HTTP 502");
    }
}
