package io.sluice.plugins.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.plugin.Action;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.SyncTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records that cannot be sent are found before any call (the engine makes them SOURCE_FAILUREs) and cost no request. */
class HubSpotValidationTest extends HubSpotTestBase {

    @Test
    void anUpdateOrDeleteWithoutHubSpotIdNorIdPropertyCannotAddressItsObject() {
        AppConnection hubspot = open();
        SyncTarget mirror = target("contacts", Strategy.MIRROR);

        assertThat(hubspot.validate(mirror, update("u1", null, contact("a@example.com", "A"))))
                .singleElement().asString().contains("update needs the HubSpot id").contains("target.options.id-property");
        assertThat(hubspot.validate(mirror, delete("d1", " ", contact("a@example.com", "A"))))
                .singleElement().asString().contains("delete needs the HubSpot id");
        assertThat(hubspot.validate(mirror, update("u2", "1001", contact("a@example.com", "A")))).isEmpty();
        assertThat(hubspot.validate(target("contacts", Strategy.MIRROR, "id-property", "email"), update("u3", null, contact("a@example.com", "A")))).isEmpty();
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void theIdPropertyMustHaveAValueInTheRecord() {
        AppConnection hubspot = open();

        assertThat(hubspot.validate(target("contacts", Strategy.UPSERT, "id-property", "email"),
                create("c1", JSON.createObjectNode().put("firstname", "A").put("email", " "))))
                .singleElement().asString().contains("id property 'email'").contains("missing or blank");
    }

    @Test
    void requiredPropertiesOfTheConnectionTheObjectTypeAndTheSyncAreChecked() {
        AppConnection hubspot = open("required-properties", "plan", "required-properties.contacts", "email, lastname");
        SyncTarget contacts = target("contacts", Strategy.MIRROR, "required-properties", "firstname");

        List<String> problems = hubspot.validate(contacts, create("c1", JSON.createObjectNode().put("email", "a@example.com").put("lastname", "  ")));

        assertThat(problems).containsExactly("required property 'plan' is missing or blank", "required property 'lastname' is missing or blank",
                "required property 'firstname' is missing or blank");
        assertThat(hubspot.validate(target("companies", Strategy.MIRROR), create("co1", JSON.createObjectNode().put("plan", "pro"))))
                .as("contacts' own requirements do not apply to companies").isEmpty();
        assertThat(hubspot.validate(contacts, delete("d1", "1001", JSON.createObjectNode()))).as("a delete writes no properties").isEmpty();
    }

    @Test
    void theTargetMustNameAnObjectTypeAndOnlyKnownOptions() {
        AppConnection hubspot = open();
        OutboundRecord record = create("c1", contact("a@example.com", "A"));

        assertThat(hubspot.validate(target(null, Strategy.CREATE), record)).singleElement().asString().contains("no target.object");
        assertThat(hubspot.validate(target("contacts/../owners", Strategy.CREATE), record)).singleElement().asString()
                .contains("'contacts/../owners' is not a HubSpot object type");
        assertThat(hubspot.validate(target("contacts", Strategy.CREATE, "idProperty", "email"), record)).singleElement().asString()
                .contains("target.options.idProperty is not a hubspot option").contains("id-property");
    }

    @Test
    void nestedObjectsAreNotPropertyValues() {
        AppConnection hubspot = open();
        var fields = contact("a@example.com", "A");
        fields.putObject("address").put("city", "Paris");

        assertThat(hubspot.validate(target("contacts", Strategy.CREATE), create("c1", fields)))
                .singleElement().asString().contains("property 'address' holds a nested object");
    }

    @Test
    void onlyTheStrategiesHubSpotCanHonourAreOffered() {
        assertThat(new HubSpotPlugin().supportedStrategies())
                .containsExactlyInAnyOrder(Strategy.CREATE, Strategy.UPSERT, Strategy.UPDATE, Strategy.DELETE, Strategy.MIRROR);
        assertThat(open().validate(target("contacts", Strategy.CREATE), new OutboundRecord("s1", Action.SEND, contact("a@example.com", "A"), null, null)))
                .singleElement().asString().contains("action SEND is not supported");
    }

    @Test
    void sendAlsoRefusesWhatValidateWouldWithoutCallingAndSendsTheRest() {
        AppConnection hubspot = open();

        List<RecordOutcome> outcomes = send(hubspot, target("contacts", Strategy.MIRROR),
                update("bad", null, contact("a@example.com", "A")), create("good", contact("b@example.com", "B")));

        assertThat(outcome(outcomes, "bad").success()).isFalse();
        assertThat(outcome(outcomes, "bad").result().get("problems").get(0).asText()).contains("update needs the HubSpot id");
        assertThat(outcome(outcomes, "good").success()).isTrue();
        assertThat(fake.requests()).extracting(FakeHubSpot.Seen::inputs).containsExactly(1);
    }
}
