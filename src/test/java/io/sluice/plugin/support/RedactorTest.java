package io.sluice.plugin.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which values a redactor masks: credential headers whole and bare, added secrets, the newest issued tokens. */
class RedactorTest {

    @Test
    void perCallHeadersFollowTheConstructorsRules() {
        Redactor redactor = new Redactor(Map.of("X-Api-Key", "k3y-value")).with(Map.of("Authorization", "Bearer t0ken-123",
                "Content-Type", "application/x-www-form-urlencoded", "Accept", "text/csv"));

        assertThat(redactor.scrub("echo: Bearer t0ken-123, bare t0ken-123, key k3y-value"))
                .isEqualTo("echo: ***, bare ***, key ***");
        assertThat(redactor.scrub("sent application/x-www-form-urlencoded, wants text/csv"))
                .as("non-secret headers stay readable").isEqualTo("sent application/x-www-form-urlencoded, wants text/csv");
    }

    @Test
    void aPerCallRedactorLeavesTheSharedOneAlone() {
        Redactor shared = new Redactor(Map.of());
        shared.with(Map.of("Authorization", "Bearer t0ken-123"));

        assertThat(shared.scrub("t0ken-123")).isEqualTo("t0ken-123");
    }

    @Test
    void addedSecretsAreMaskedFromThenOnAlsoInPerCallCopies() {
        Redactor redactor = new Redactor(Map.of());
        redactor.add("client-s3cret");
        redactor.addIssued("access-t0ken");

        assertThat(redactor.scrub("client-s3cret access-t0ken")).isEqualTo("*** ***");
        assertThat(redactor.with(Map.of("Authorization", "Bearer other-t0ken")).scrub("client-s3cret access-t0ken other-t0ken"))
                .isEqualTo("*** *** ***");
    }

    @Test
    void onlyTheNewestIssuedCredentialsAreKeptButAddedSecretsStay() {
        Redactor redactor = new Redactor(Map.of());
        redactor.add("client-s3cret");
        for (int i = 0; i <= Redactor.KEEP_ISSUED; i++) {
            redactor.addIssued("token-" + i);
        }

        assertThat(redactor.scrub("token-0 token-1 token-" + Redactor.KEEP_ISSUED + " client-s3cret")).isEqualTo("token-0 *** *** ***");
    }
}
