package io.sluice.plugins.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sluice.plugin.AppConnection;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.Strategy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The access token never reaches an outcome's result or an exception message, even when HubSpot (or a proxy in
 * front of it) echoes the Authorization header back in successes, record errors, refused batches, 429s and checks.
 */
class HubSpotSecretsTest extends HubSpotTestBase {

    @Test
    void theTokenNeverAppearsInResultsOrMessages() {
        fake.leakAuthorization();
        fake.rejectValue("Mallory");
        fake.invalidValue("platinum");
        AppConnection hubspot = open();
        List<String> seen = new ArrayList<>();

        List<RecordOutcome> outcomes = send(hubspot, target("contacts", Strategy.CREATE),
                create("ok", contact("a@example.com", "A")), create("rejected", contact("m@example.com", "Mallory")));
        outcomes.forEach(o -> seen.add(o.result().toString()));
        seen.add(send(hubspot, target("contacts", Strategy.CREATE), create("alone", contact("p@example.com", "P").put("plan", "platinum")))
                .get(0).result().toString());
        seen.add(catchThrowable(() -> send(hubspot, target("contacts", Strategy.CREATE),
                create("b1", contact("b@example.com", "B").put("plan", "platinum")), create("b2", contact("c@example.com", "C")))).getMessage());
        fake.throttle(5, "TEN_SECONDLY_ROLLING", null);
        seen.add(catchThrowable(() -> send(hubspot, target("contacts", Strategy.CREATE), create("t", contact("t@example.com", "T")))).getMessage());
        seen.add(catchThrowable(() -> await(open("check-object", "owners").check())).getMessage());

        assertThat(outcome(outcomes, "ok").success()).isTrue();
        assertThat(outcome(outcomes, "rejected").success()).isFalse();
        assertThat(seen).hasSize(6).allSatisfy(text -> assertThat(text).doesNotContain(TOKEN));
        assertThat(seen.get(2)).as("the echo is kept, masked").contains("\"authorization\":\"***\"");
    }
}
