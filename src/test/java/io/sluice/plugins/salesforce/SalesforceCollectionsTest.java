package io.sluice.plugins.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.sluice.plugin.Action;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.support.HttpAnswer;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** sObject Collections: request shapes per operation, and one outcome per record from the result array. */
class SalesforceCollectionsTest extends SalesforceTestBase {

    @Test
    void createPostsTheRecordsWithTheirTypeAndAllOrNoneFalseAndKeepsTheNewIds() throws Exception {
        SalesforceConnection connection = open();

        List<RecordOutcome> outcomes = send(connection, target(Strategy.CREATE),
                create("c1", contact("Lovelace", "ada@example.com")), create("c2", contact("Hopper", "grace@example.com")));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.success()).as("%s", o.result()).isTrue());
        String id1 = outcome(outcomes, "c1").appIdentifier();
        assertThat(id1).startsWith("003").hasSize(18);
        assertThat(fake.record("Contact", id1).path("LastName").asText()).isEqualTo("Lovelace");
        assertThat(outcome(outcomes, "c1").result().path("id").asText()).isEqualTo(id1);
        LoggedRequest post = fake.server().findAll(postRequestedFor(urlEqualTo("/services/data/v62.0/composite/sobjects"))).get(0);
        JsonNode body = JSON.readTree(post.getBodyAsString());
        assertThat(body.path("allOrNone").isBoolean()).isTrue();
        assertThat(body.path("allOrNone").asBoolean()).isFalse();
        assertThat(body.path("records")).hasSize(2).allSatisfy(r -> assertThat(r.path("attributes").path("type").asText()).isEqualTo("Contact"));
    }

    @Test
    void updatePatchesByTheAppIdentifier() throws Exception {
        String id = fake.seed("Contact", contact("Old", "old@example.com"));
        SalesforceConnection connection = open();

        List<RecordOutcome> outcomes = send(connection, target(Strategy.UPSERT),
                existing("u1", Action.UPDATE, contact("New", "new@example.com"), id));

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.success()).as("%s", o.result()).isTrue();
            assertThat(o.appIdentifier()).isEqualTo(id);
        });
        assertThat(fake.record("Contact", id).path("LastName").asText()).isEqualTo("New");
        JsonNode body = JSON.readTree(fake.server().findAll(patchRequestedFor(urlEqualTo("/services/data/v62.0/composite/sobjects")))
                .get(0).getBodyAsString());
        assertThat(body.path("records").get(0).path("Id").asText()).isEqualTo(id);
        assertThat(body.path("allOrNone").asBoolean(true)).isFalse();
    }

    @Test
    void anUpdateSyncCanAddressRecordsByAMappedIdField() {
        String id = fake.seed("Contact", contact("Old", "old@example.com"));
        SalesforceConnection connection = open();

        List<RecordOutcome> outcomes = send(connection, target(Strategy.UPDATE),
                new OutboundRecord("u1", Action.UPDATE, contact("Mapped", "m@example.com").put("Id", id), null, null));

        assertThat(outcomes.get(0).success()).as("%s", outcomes.get(0).result()).isTrue();
        assertThat(outcomes.get(0).appIdentifier()).isEqualTo(id);
        assertThat(fake.record("Contact", id).path("LastName").asText()).isEqualTo("Mapped");
    }

    @Test
    void upsertPatchesTheExternalIdPathAndReportsCreatedOrUpdated() {
        String existingId = fake.seed("Contact", contact("Known", "k@example.com").put("External_Id__c", "E-1"));
        SalesforceConnection connection = open();

        List<RecordOutcome> outcomes = send(connection, target(Strategy.UPSERT, "external-id-field", "External_Id__c"),
                create("e1", contact("Known2", "k@example.com").put("External_Id__c", "E-1")),
                existing("e2", Action.UPDATE, contact("Fresh", "f@example.com").put("External_Id__c", "E-2"), null));

        assertThat(outcome(outcomes, "e1").appIdentifier()).isEqualTo(existingId);
        assertThat(outcome(outcomes, "e1").result().path("created").asBoolean(true)).isFalse();
        assertThat(outcome(outcomes, "e2").success()).isTrue();
        assertThat(outcome(outcomes, "e2").result().path("created").asBoolean()).isTrue();
        assertThat(fake.record("Contact", existingId).path("LastName").asText()).isEqualTo("Known2");
        assertThat(fake.server().findAll(patchRequestedFor(urlEqualTo("/services/data/v62.0/composite/sobjects/Contact/External_Id__c"))))
                .as("both records in one upsert request").hasSize(1);
    }

    @Test
    void deleteSendsTheIdsInTheQueryWithAllOrNoneFalse() {
        String a = fake.seed("Contact", contact("A", "a@example.com"));
        String b = fake.seed("Contact", contact("B", "b@example.com"));
        SalesforceConnection connection = open();

        List<RecordOutcome> outcomes = send(connection, target(Strategy.MIRROR),
                existing("d1", Action.DELETE, contact("A", "a@example.com"), a), existing("d2", Action.DELETE, contact("B", "b@example.com"), b));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.success()).as("%s", o.result()).isTrue());
        assertThat(fake.records("Contact")).isEmpty();
        assertThat(fake.server().findAll(deleteRequestedFor(urlEqualTo("/services/data/v62.0/composite/sobjects?ids=" + a + "," + b + "&allOrNone=false"))))
                .hasSize(1);
    }

    @Test
    void aRejectedRecordKeepsSalesforcesErrorsWholeAndItsNeighboursSucceed() {
        fake.require("Contact", "LastName");
        SalesforceConnection connection = open();

        List<RecordOutcome> outcomes = send(connection, target(Strategy.CREATE),
                create("ok-1", contact("One", "1@example.com")),
                create("bad", JSON.createObjectNode().put("Email", "nolastname@example.com")),
                create("ok-2", contact("Two", "2@example.com")));

        assertThat(outcomes).extracting(RecordOutcome::identifier).containsExactly("ok-1", "bad", "ok-2");
        assertThat(outcome(outcomes, "ok-1").success()).isTrue();
        assertThat(outcome(outcomes, "ok-2").success()).isTrue();
        RecordOutcome bad = outcome(outcomes, "bad");
        assertThat(bad.success()).isFalse();
        assertThat(bad.appIdentifier()).isNull();
        JsonNode error = bad.result().path("errors").get(0);
        assertThat(error.path("statusCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(error.path("message").asText()).contains("LastName");
        assertThat(error.path("fields")).extracting(JsonNode::asText).containsExactly("LastName");
    }

    @Test
    void mirrorMapsEachActionToItsOperationInOneBatch() {
        String toUpdate = fake.seed("Contact", contact("U", "u@example.com"));
        String toDelete = fake.seed("Contact", contact("D", "d@example.com"));
        SalesforceConnection connection = open();

        List<RecordOutcome> outcomes = send(connection, target(Strategy.MIRROR),
                create("m-create", contact("C", "c@example.com")),
                existing("m-update", Action.UPDATE, contact("U2", "u@example.com"), toUpdate),
                existing("m-delete", Action.DELETE, contact("D", "d@example.com"), toDelete));

        assertThat(outcomes).hasSize(3).allSatisfy(o -> assertThat(o.success()).as("%s: %s", o.identifier(), o.result()).isTrue());
        assertThat(fake.record("Contact", toUpdate).path("LastName").asText()).isEqualTo("U2");
        assertThat(fake.record("Contact", toDelete)).isNull();
        assertThat(fake.server().findAll(postRequestedFor(urlPathMatching(".*/composite/sobjects")))).hasSize(1);
        assertThat(fake.server().findAll(patchRequestedFor(urlPathMatching(".*/composite/sobjects")))).hasSize(1);
        assertThat(fake.server().findAll(deleteRequestedFor(urlPathMatching(".*/composite/sobjects")))).hasSize(1);
    }

    @Test
    void mirrorWithAnExternalIdUpsertsCreatesAndUpdatesAndDeletesById() {
        String toDelete = fake.seed("Contact", contact("D", "d@example.com").put("External_Id__c", "X-9"));
        SalesforceConnection connection = open();

        List<RecordOutcome> outcomes = send(connection, target(Strategy.MIRROR, "external-id-field", "External_Id__c"),
                create("x1", contact("C", "c@example.com").put("External_Id__c", "X-1")),
                existing("x2", Action.UPDATE, contact("U", "u@example.com").put("External_Id__c", "X-2"), "003000000000999AAA"),
                existing("x9", Action.DELETE, contact("D", "d@example.com").put("External_Id__c", "X-9"), toDelete));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.success()).as("%s: %s", o.identifier(), o.result()).isTrue());
        assertThat(fake.server().findAll(patchRequestedFor(urlPathMatching(".*/composite/sobjects/Contact/External_Id__c")))).hasSize(1);
        assertThat(fake.server().findAll(postRequestedFor(urlPathMatching(".*/composite/sobjects")))).isEmpty();
        assertThat(fake.record("Contact", toDelete)).isNull();
    }

    @Test
    void aBatchLargerThan200IsSplitIntoRequestsOfAtMost200() {
        SalesforceConnection connection = open("bulk-threshold", "1000");
        List<OutboundRecord> records = IntStream.rangeClosed(1, 450)
                .mapToObj(i -> create("r" + i, contact("L" + i, i + "@example.com"))).toList();

        List<RecordOutcome> outcomes = send(connection, target(Strategy.CREATE), records);

        assertThat(outcomes).hasSize(450).allSatisfy(o -> assertThat(o.success()).isTrue());
        assertThat(fake.collectionRequests()).isEqualTo(3);
        assertThat(fake.largestCollection()).isEqualTo(200);
        assertThat(fake.jobs()).isEmpty();
    }

    @Test
    void theFakeRefusesMoreThan200RecordsAsSalesforceDoes() {
        // the plugin never sends more than 200 (CollectionsClient refuses to build such a request); posting 201 by
        // hand with a token the plugin obtained shows the fake holds Salesforce's limit, and how the answer maps
        SalesforceConnection connection = open();
        await(connection.check());
        ObjectNode body = JSON.createObjectNode().put("allOrNone", false);
        IntStream.rangeClosed(1, 201).forEach(i -> body.withArray("records").addObject().put("LastName", "L" + i)
                .putObject("attributes").put("type", "Contact"));
        WebClient client = WebClient.create(vertx);
        try {
            var response = client.postAbs(fake.baseUrl() + "/services/data/v62.0/composite/sobjects")
                    .putHeader("Authorization", "Bearer " + fake.anyValidToken())
                    .putHeader("Content-Type", "application/json")
                    .sendBuffer(Buffer.buffer(body.toString())).await().atMost(Duration.ofSeconds(10));
            List<Write> writes = IntStream.rangeClosed(1, 201)
                    .mapToObj(i -> new Write(create("w" + i, contact("L", "e")), Operation.INSERT, null, contact("L", "e"))).toList();

            List<RecordOutcome> outcomes = new CollectionsResponseMapper().map(writes, new SalesforceApi.Answer(
                    new HttpAnswer("POST", "x", response.statusCode(), Map.of(), response.bodyAsString()), Optional.empty()));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(outcomes).hasSize(201).allSatisfy(o -> assertThat(o.success()).isFalse());
            assertThat(outcomes.get(0).result().path("errors").get(0).path("errorCode").asText()).isEqualTo("EXCEEDED_ID_LIMIT");
            assertThat(outcomes.get(0).result().path("status").asInt()).isEqualTo(400);
        } finally {
            client.close();
        }
    }

    @Test
    void theConfiguredApiVersionIsInEveryPath() {
        SalesforceConnection connection = open("api-version", "59.0");

        send(connection, target(Strategy.CREATE), create("v1", contact("V", "v@example.com")));

        assertThat(fake.apiVersions()).containsExactly("v59.0");
    }
}
