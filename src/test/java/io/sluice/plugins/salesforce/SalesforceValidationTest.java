package io.sluice.plugins.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.plugin.Action;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.SyncTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Records that cannot be written are found before any call: the engine makes them SOURCE_FAILURE. */
class SalesforceValidationTest extends SalesforceTestBase {

    @Test
    void anUpdateWithoutIdOrExternalIdIsAProblem() {
        SalesforceConnection connection = open();

        List<String> problems = connection.validate(target(Strategy.UPDATE),
                new OutboundRecord("u", Action.UPDATE, contact("L", "e@example.com"), null, null));

        assertThat(problems).singleElement().asString().contains("needs the Salesforce Id").contains("external-id-field");
    }

    @Test
    void aDeleteWithoutIdIsAProblemEvenWithAnExternalId() {
        SalesforceConnection connection = open();

        List<String> problems = connection.validate(target(Strategy.MIRROR, "external-id-field", "External_Id__c"),
                new OutboundRecord("d", Action.DELETE, contact("L", "e").put("External_Id__c", "X"), null, null));

        assertThat(problems).singleElement().asString().contains("delete needs the Salesforce Id");
    }

    @Test
    void anUpdateWithAnExternalIdNeedsNoIdButTheExternalIdValue() {
        SalesforceConnection connection = open();
        SyncTarget byExternalId = target(Strategy.UPDATE, "external-id-field", "External_Id__c");

        assertThat(connection.validate(byExternalId, new OutboundRecord("ok", Action.UPDATE,
                contact("L", "e").put("External_Id__c", "X-1"), null, null))).isEmpty();
        assertThat(connection.validate(byExternalId, new OutboundRecord("missing", Action.UPDATE, contact("L", "e"), null, null)))
                .singleElement().asString().contains("External_Id__c");
    }

    @Test
    void requiredFieldsMustBePresentAndNotNull() {
        SalesforceConnection connection = open("required-fields", "Email", "required-fields.Contact", "LastName, Account.External_Id__c");
        SyncTarget target = target(Strategy.UPSERT, "required-fields", "Phone");

        List<String> problems = connection.validate(target, create("r", JSON.createObjectNode().putNull("Email")
                .put("Phone", "1").set("Account", JSON.createObjectNode().put("External_Id__c", "A-1"))));

        assertThat(problems).containsExactly("required field Email is missing or null", "required field LastName is missing or null");
        assertThat(connection.validate(target, create("ok", contact("L", "e").put("Phone", "1")
                .set("Account", JSON.createObjectNode().put("External_Id__c", "A-1"))))).isEmpty();
        assertThat(connection.validate(target(Strategy.UPSERT), create("lead", JSON.createObjectNode().put("Email", "e")))).as("without the sync's Phone")
                .containsExactly("required field LastName is missing or null", "required field Account.External_Id__c is missing or null");
        assertThat(connection.validate(new SyncTarget("s", "Lead", Strategy.UPSERT, Map.of()), create("lead", JSON.createObjectNode().put("Email", "e"))))
                .as("required-fields.Contact does not apply to Lead").isEmpty();
    }

    @Test
    void aDeleteIgnoresRequiredFields() {
        SalesforceConnection connection = open("required-fields", "Email");

        assertThat(connection.validate(target(Strategy.MIRROR), existing("d", Action.DELETE, JSON.createObjectNode(), "003000000000001AAA"))).isEmpty();
    }

    @Test
    void aMalformedIdOrObjectOrExternalIdFieldIsAProblem() {
        SalesforceConnection connection = open();

        assertThat(connection.validate(target(Strategy.MIRROR), existing("d", Action.DELETE, contact("L", "e"), "003?ids=x")))
                .singleElement().asString().contains("is not a Salesforce Id");
        assertThat(connection.validate(new SyncTarget("s", "Contact/../x", Strategy.CREATE, Map.of()), create("c", contact("L", "e"))))
                .singleElement().asString().contains("target.object");
        assertThat(connection.validate(target(Strategy.CREATE, "external-id-field", "Ext/Id"), create("c", contact("L", "e"))))
                .singleElement().asString().contains("external-id-field");
    }

    @Test
    void invalidRecordsInABatchFailWithoutACallAndTheOthersAreSent() {
        SalesforceConnection connection = open();

        List<RecordOutcome> outcomes = send(connection, target(Strategy.MIRROR),
                create("fine", contact("F", "f@example.com")),
                new OutboundRecord("no-id", Action.DELETE, contact("L", "e"), null, null));

        assertThat(outcome(outcomes, "fine").success()).isTrue();
        RecordOutcome invalid = outcome(outcomes, "no-id");
        assertThat(invalid.success()).isFalse();
        assertThat(invalid.result().path("problems").get(0).asText()).contains("needs the Salesforce Id");
        assertThat(fake.server().findAll(com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()))).isEmpty();
    }

    @Test
    void anIdFieldIsNeverWrittenAndAttributesAreTheTargetsType() throws Exception {
        SalesforceConnection connection = open();

        send(connection, target(Strategy.CREATE), create("c", contact("L", "e@example.com").put("Id", "").put("attributes", "junk")));

        var body = JSON.readTree(fake.server().getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().endsWith("/composite/sobjects"))
                .findFirst().orElseThrow().getRequest().getBodyAsString());
        assertThat(body.path("records").get(0).has("Id")).isFalse();
        assertThat(body.path("records").get(0).path("attributes").path("type").asText()).isEqualTo("Contact");
    }
}
