package io.sluice.plugins.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.BatchRejectedException;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.Strategy;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The four batch endpoints, what is sent to each, and how their answers come back to the records. */
class HubSpotBatchWriteTest extends HubSpotTestBase {

    @Test
    void createsInOneRequestWithTextPropertiesAndTheIdentifierAsTraceId() {
        AppConnection hubspot = open();
        ObjectNode typed = contact("ada@example.com", "Ada").put("employees", 12).put("score", 12.50).put("vip", true).putNull("phone");
        typed.putArray("interests").add("crm").add("etl");

        List<RecordOutcome> outcomes = send(hubspot, target("contacts", Strategy.CREATE),
                create("c1", typed), create("c2", contact("bob@example.com", "Bob")), create("c3", contact("cy@example.com", "Cy")));

        assertThat(fake.requests()).extracting(FakeHubSpot.Seen::path).containsExactly("/crm/v3/objects/contacts/batch/create");
        JsonNode inputs = lastInputs("/batch/create");
        assertThat(inputs.get(0)).isEqualTo(json("""
                {"properties": {"email": "ada@example.com", "firstname": "Ada", "plan": "pro", "employees": "12", "score": "12.5",
                                "vip": "true", "phone": "", "interests": "crm;etl"},
                 "objectWriteTraceId": "c1"}"""));
        assertThat(inputs.get(1).get("objectWriteTraceId").asText()).isEqualTo("c2");
        assertThat(outcomes).allSatisfy(o -> assertThat(o.success()).as("%s: %s", o.identifier(), o.result()).isTrue());
        assertEachOutcomeIsTheObjectWithItsEmail(outcomes, List.of("c1", "c2", "c3"), List.of("ada@example.com", "bob@example.com", "cy@example.com"));
    }

    @Test
    void shuffledResultsOfAHundredCreatesReachTheirOwnRecords() {
        AppConnection hubspot = open();
        List<OutboundRecord> records = IntStream.rangeClosed(1, 100).mapToObj(i -> create("r" + i, contact("p" + i + "@example.com", "P" + i))).toList();

        List<RecordOutcome> outcomes = await(hubspot.send(new SendBatch(target("contacts", Strategy.CREATE), records)));

        assertThat(fake.requests()).hasSize(1);
        assertEachOutcomeIsTheObjectWithItsEmail(outcomes, records.stream().map(OutboundRecord::identifier).toList(),
                IntStream.rangeClosed(1, 100).mapToObj(i -> "p" + i + "@example.com").toList());
    }

    @Test
    void updatesByHubSpotId() {
        String ada = fake.seed("contacts", contact("ada@example.com", "Ada"));
        String bob = fake.seed("contacts", contact("bob@example.com", "Bob"));
        AppConnection hubspot = open();

        List<RecordOutcome> outcomes = send(hubspot, target("contacts", Strategy.MIRROR),
                update("u1", ada, contact("ada@example.com", "Augusta")), update("u2", bob, contact("bob@example.com", "Robert")));

        assertThat(lastInputs("/batch/update")).isEqualTo(json("""
                [{"id": "%s", "properties": {"email": "ada@example.com", "firstname": "Augusta", "plan": "pro"}, "objectWriteTraceId": "u1"},
                 {"id": "%s", "properties": {"email": "bob@example.com", "firstname": "Robert", "plan": "pro"}, "objectWriteTraceId": "u2"}]"""
                .formatted(ada, bob)));
        assertThat(outcome(outcomes, "u1").appIdentifier()).isEqualTo(ada);
        assertThat(outcome(outcomes, "u2").appIdentifier()).isEqualTo(bob);
        assertThat(fake.object("contacts", ada).orElseThrow().get("firstname").asText()).isEqualTo("Augusta");
    }

    @Test
    void upsertsByTheIdPropertyAndLearnsTheIdOfNewAndExistingObjects() {
        String ada = fake.seed("contacts", contact("ada@example.com", "Ada"));
        AppConnection hubspot = open();

        List<RecordOutcome> outcomes = send(hubspot, target("contacts", Strategy.UPSERT, "id-property", "email"),
                create("k1", contact("ADA@example.com", "Augusta")), create("k2", contact("new@example.com", "Nova")));

        assertThat(fake.requests()).extracting(FakeHubSpot.Seen::path).containsExactly("/crm/v3/objects/contacts/batch/upsert");
        assertThat(lastInputs("/batch/upsert").get(0)).isEqualTo(json("""
                {"id": "ADA@example.com", "idProperty": "email", "objectWriteTraceId": "k1",
                 "properties": {"email": "ADA@example.com", "firstname": "Augusta", "plan": "pro"}}"""));
        assertThat(outcome(outcomes, "k1").appIdentifier()).isEqualTo(ada);
        assertThat(outcome(outcomes, "k1").result().get("new").asBoolean()).isFalse();
        assertThat(outcome(outcomes, "k2").result().get("new").asBoolean()).isTrue();
        assertThat(fake.object("contacts", outcome(outcomes, "k2").appIdentifier()).orElseThrow().get("email").asText()).isEqualTo("new@example.com");
        assertThat(fake.count("contacts")).isEqualTo(2);
    }

    @Test
    void archivesByHubSpotIdWithIdsOnly() {
        String ada = fake.seed("contacts", contact("ada@example.com", "Ada"));
        AppConnection hubspot = open();

        List<RecordOutcome> outcomes = send(hubspot, target("contacts", Strategy.MIRROR), delete("d1", ada, contact("ada@example.com", "Ada")));

        assertThat(lastInputs("/batch/archive")).isEqualTo(json("[{\"id\": \"" + ada + "\"}]"));
        assertThat(outcome(outcomes, "d1").success()).isTrue();
        assertThat(outcome(outcomes, "d1").appIdentifier()).isEqualTo(ada);
        assertThat(fake.count("contacts")).isZero();
    }

    @Test
    void aMirrorBatchIsOneRequestPerEndpointWithCreatesLast() {
        String ada = fake.seed("contacts", contact("ada@example.com", "Ada"));
        String bob = fake.seed("contacts", contact("bob@example.com", "Bob"));
        AppConnection hubspot = open();

        List<RecordOutcome> outcomes = send(hubspot, target("contacts", Strategy.MIRROR),
                create("m1", contact("cy@example.com", "Cy")), update("m2", ada, contact("ada@example.com", "A")),
                delete("m3", bob, contact("bob@example.com", "Bob")), create("m4", contact("di@example.com", "Di")));

        assertThat(fake.requests()).extracting(FakeHubSpot.Seen::path).containsExactly(
                "/crm/v3/objects/contacts/batch/archive", "/crm/v3/objects/contacts/batch/update", "/crm/v3/objects/contacts/batch/create");
        assertThat(outcomes).extracting(RecordOutcome::identifier).containsExactlyInAnyOrder("m1", "m2", "m3", "m4");
        assertThat(outcomes).allSatisfy(o -> assertThat(o.success()).isTrue());
    }

    @Test
    void aCustomObjectTypeIdIsThePathSegment() {
        AppConnection hubspot = open();

        List<RecordOutcome> outcomes = send(hubspot, target(FakeHubSpot.CUSTOM_TYPE, Strategy.CREATE),
                create("car-1", JSON.createObjectNode().put("model", "Zoe").put("year", 2024)));

        assertThat(fake.requests()).extracting(FakeHubSpot.Seen::path).containsExactly("/crm/v3/objects/2-123456/batch/create");
        assertThat(fake.object(FakeHubSpot.CUSTOM_TYPE, outcome(outcomes, "car-1").appIdentifier()).orElseThrow().get("year").asText()).isEqualTo("2024");
    }

    @Test
    void aRejectedInputFailsAloneWithHubSpotsErrorWhileItsNeighboursAreWritten() {
        fake.rejectValue("Mallory");
        AppConnection hubspot = open();

        List<RecordOutcome> outcomes = send(hubspot, target("contacts", Strategy.CREATE),
                create("n1", contact("a@example.com", "A")), create("n2", contact("m@example.com", "Mallory")),
                create("n3", contact("c@example.com", "C")), create("n4", contact("d@example.com", "D")));

        RecordOutcome mallory = outcome(outcomes, "n2");
        assertThat(mallory.success()).isFalse();
        assertThat(mallory.result().get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(mallory.result().at("/context/objectWriteTraceId/0").asText()).isEqualTo("n2");
        assertThat(outcomes).filteredOn(RecordOutcome::success).extracting(RecordOutcome::identifier).containsExactlyInAnyOrder("n1", "n3", "n4");
        assertEachOutcomeIsTheObjectWithItsEmail(outcomes.stream().filter(RecordOutcome::success).toList(), List.of("n1", "n3", "n4"),
                List.of("a@example.com", "c@example.com", "d@example.com"));
        assertThat(fake.count("contacts")).isEqualTo(3);
    }

    @Test
    void withoutEchoedTraceIdsUpdatesAreMatchedByIdAndUpsertsByTheirPropertyValue() {
        fake.withoutTraceIds();
        String ada = fake.seed("contacts", contact("ada@example.com", "Ada"));
        String bob = fake.seed("contacts", contact("bob@example.com", "Bob"));
        String cy = fake.seed("contacts", contact("cy@example.com", "Cy"));
        fake.rejectValue("Mallory");
        AppConnection hubspot = open();

        List<RecordOutcome> updates = send(hubspot, target("contacts", Strategy.MIRROR), update("u1", ada, contact("ada@example.com", "A2")),
                update("u2", bob, contact("bob@example.com", "Mallory")), update("u3", cy, contact("cy@example.com", "C2")));
        List<RecordOutcome> upserts = send(hubspot, target("contacts", Strategy.UPSERT, "id-property", "email"),
                create("k1", contact("CY@example.com", "C3")), create("k2", contact("eve@example.com", "Eve")), create("k3", contact("Ada@Example.com", "A3")));

        assertThat(outcome(updates, "u1").appIdentifier()).isEqualTo(ada);
        assertThat(outcome(updates, "u3").appIdentifier()).isEqualTo(cy);
        assertThat(outcome(updates, "u2").success()).isFalse();
        assertThat(outcome(updates, "u2").result().at("/context/ids/0").asText()).isEqualTo(bob);
        assertThat(outcome(upserts, "k1").appIdentifier()).as("matched ignoring the case HubSpot stores emails in").isEqualTo(cy);
        assertThat(outcome(upserts, "k3").appIdentifier()).isEqualTo(ada);
        assertThat(fake.object("contacts", outcome(upserts, "k2").appIdentifier()).orElseThrow().get("email").asText()).isEqualTo("eve@example.com");
    }

    @Test
    void aWholeBatchRefusedWithoutAttributionNamesHubSpotsErrorAndWritesNothing() {
        fake.invalidValue("platinum");
        AppConnection hubspot = open();
        OutboundRecord good1 = create("v1", contact("a@example.com", "A"));
        OutboundRecord bad = create("v2", contact("b@example.com", "B").put("plan", "platinum"));
        OutboundRecord good2 = create("v3", contact("c@example.com", "C"));

        assertThatThrownBy(() -> send(hubspot, target("contacts", Strategy.CREATE), good1, bad, good2))
                .isInstanceOf(BatchRejectedException.class)
                .hasMessageContaining("HTTP 400").hasMessageContaining("for a batch of 3 records")
                .hasMessageContaining("VALIDATION_ERROR: Property values were not valid");
        assertThat(fake.count("contacts")).as("nothing of a refused batch is written").isZero();

        // the split itself, and the neighbours' success, are pinned by the contract suite (BATCH_SPLITTING)
        List<RecordOutcome> alone = send(hubspot, target("contacts", Strategy.CREATE), bad);
        assertThat(outcome(alone, "v2").result().get("status").asInt()).isEqualTo(400);
        assertThat(outcome(alone, "v2").result().at("/body/category").asText()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void noRequestCarriesMoreThanAHundredInputs() {
        AppConnection hubspot = open();
        assertThat(hubspot.maxBatchSize()).isEqualTo(100);
        List<OutboundRecord> records = IntStream.rangeClosed(1, 150).mapToObj(i -> create("r" + i, contact("q" + i + "@example.com", "Q"))).toList();

        List<RecordOutcome> outcomes = await(hubspot.send(new SendBatch(target("contacts", Strategy.CREATE), records)));

        assertThat(fake.requests()).extracting(FakeHubSpot.Seen::inputs).containsExactly(100, 50);
        assertThat(outcomes).hasSize(150).allSatisfy(o -> assertThat(o.success()).isTrue());
    }

    @Test
    void aDeleteByIdPropertyLooksTheIdsUpThenArchives() {
        String ada = fake.seed("contacts", contact("ada@example.com", "Ada"));
        AppConnection hubspot = open();

        List<RecordOutcome> outcomes = send(hubspot, target("contacts", Strategy.DELETE, "id-property", "email"),
                delete("x1", null, contact("Ada@example.com", "Ada")), delete("x2", null, contact("ghost@example.com", "Ghost")));

        assertThat(fake.requests()).extracting(FakeHubSpot.Seen::path)
                .containsExactly("/crm/v3/objects/contacts/batch/read", "/crm/v3/objects/contacts/batch/archive");
        assertThat(fake.requests().get(0).body()).isEqualTo(json("""
                {"idProperty": "email", "properties": ["email"], "inputs": [{"id": "Ada@example.com"}, {"id": "ghost@example.com"}]}"""));
        assertThat(lastInputs("/batch/archive")).isEqualTo(json("[{\"id\": \"" + ada + "\"}]"));
        assertThat(outcome(outcomes, "x1").success()).isTrue();
        assertThat(outcome(outcomes, "x1").appIdentifier()).isEqualTo(ada);
        assertThat(outcome(outcomes, "x2").success()).as("already gone").isTrue();
        assertThat(outcome(outcomes, "x2").result().get("archived").asBoolean()).isFalse();
        assertThat(fake.count("contacts")).isZero();
    }

    @Test
    void hsObjectIdAsIdPropertyAddressesObjectsByTheirHubSpotId() {
        String ada = fake.seed("contacts", contact("ada@example.com", "Ada"));
        AppConnection hubspot = open();

        List<RecordOutcome> outcomes = send(hubspot, target("contacts", Strategy.UPDATE, "id-property", "hs_object_id"),
                update("h1", null, contact("ada@example.com", "Augusta").put("hs_object_id", ada)));

        assertThat(lastInputs("/batch/update")).isEqualTo(json("""
                [{"id": "%s", "properties": {"email": "ada@example.com", "firstname": "Augusta", "plan": "pro"}, "objectWriteTraceId": "h1"}]"""
                .formatted(ada)));
        assertThat(outcome(outcomes, "h1").appIdentifier()).isEqualTo(ada);
    }

    @Test
    void theUpdateStrategyUpdatesByIdPropertyAndNeverCreates() {
        String ada = fake.seed("contacts", contact("ada@example.com", "Ada"));
        AppConnection hubspot = open();

        List<RecordOutcome> outcomes = send(hubspot, target("contacts", Strategy.UPDATE, "id-property", "email"),
                update("w1", null, contact("ada@example.com", "Augusta")), update("w2", null, contact("nobody@example.com", "No")));

        assertThat(lastInputs("/batch/update").get(0).get("idProperty").asText()).isEqualTo("email");
        assertThat(outcome(outcomes, "w1").appIdentifier()).isEqualTo(ada);
        assertThat(outcome(outcomes, "w2").success()).isFalse();
        assertThat(outcome(outcomes, "w2").result().get("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(fake.count("contacts")).isEqualTo(1);
    }

    /** Each successful outcome's app identifier is the object that holds that record's email. */
    private static void assertEachOutcomeIsTheObjectWithItsEmail(List<RecordOutcome> outcomes, List<String> identifiers, List<String> emails) {
        for (int i = 0; i < identifiers.size(); i++) {
            RecordOutcome o = outcome(outcomes, identifiers.get(i));
            assertThat(o.success()).as("%s: %s", o.identifier(), o.result()).isTrue();
            assertThat(fake.object("contacts", o.appIdentifier()).map(p -> p.get("email").asText()))
                    .as("email of object %s of %s", o.appIdentifier(), o.identifier()).contains(emails.get(i));
        }
    }
}
