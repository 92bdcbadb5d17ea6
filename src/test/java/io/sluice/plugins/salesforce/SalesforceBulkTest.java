package io.sluice.plugins.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.plugin.Action;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Bulk API 2.0 ingest jobs for batches at or above {@code bulk-threshold}. */
class SalesforceBulkTest extends SalesforceTestBase {

    private SalesforceConnection bulk() {
        return open("bulk-threshold", "5", "bulk-poll-interval", "2s");
    }

    private static List<OutboundRecord> creates(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> create("b" + i, contact("Bulk" + i, "b" + i + "@example.com"))).toList();
    }

    @Test
    void maxBatchSizeIsLargerOnlyWhenBulkIsEnabled() {
        assertThat(open().maxBatchSize()).isEqualTo(200);
        assertThat(bulk().maxBatchSize()).isEqualTo(10_000);
        assertThat(open("bulk-threshold", "20000").maxBatchSize()).isEqualTo(20_000);
    }

    @Test
    void aLargeBatchRunsOneJobAndEveryRecordGetsItsOwnIdAlthoughResultsComeBackReordered() {
        SalesforceConnection connection = bulk();
        List<OutboundRecord> records = creates(8);

        List<RecordOutcome> outcomes = send(connection, target(Strategy.CREATE), records);

        assertThat(fake.jobs()).singleElement().satisfies(job -> {
            assertThat(job.state()).isEqualTo("JobComplete");
            assertThat(job.operation).isEqualTo("insert");
            assertThat(job.csv()).startsWith("LastName,Email\n").contains("Bulk8,b8@example.com\n");
        });
        assertThat(fake.collectionRequests()).isZero();
        assertThat(outcomes).hasSize(8).allSatisfy(o -> {
            assertThat(o.success()).as("%s", o.result()).isTrue();
            assertThat(o.result().path("bulkJobId").asText()).startsWith("750");
            assertThat(o.result().path("created").asBoolean()).isTrue();
            // the org holds, under the Id given to this record, this record's own fields
            String n = o.identifier().substring(1);
            assertThat(fake.record("Contact", o.appIdentifier()).path("LastName").asText()).isEqualTo("Bulk" + n);
        });
        assertThat(waits).as("polled with the configured interval").contains(Duration.ofSeconds(2));
    }

    @Test
    void failedRowsKeepSalesforcesErrorAndTheirNeighboursSucceed() {
        fake.require("Contact", "LastName");
        SalesforceConnection connection = bulk();
        List<OutboundRecord> records = new java.util.ArrayList<>(creates(5));
        records.add(2, create("no-name", JSON.createObjectNode().put("Email", "anon@example.com")));
        fake.reject("b4@example.com");

        List<RecordOutcome> outcomes = send(connection, target(Strategy.CREATE), records);

        assertThat(outcomes).hasSize(6);
        RecordOutcome missing = outcome(outcomes, "no-name");
        assertThat(missing.success()).isFalse();
        JsonNode error = missing.result().path("errors").get(0);
        assertThat(error.path("statusCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(error.path("message").asText()).isEqualTo("Required fields are missing: [LastName]");
        assertThat(error.path("fields")).extracting(JsonNode::asText).containsExactly("LastName");
        assertThat(outcome(outcomes, "b4").success()).isFalse();
        assertThat(outcome(outcomes, "b4").result().path("errors").get(0).path("statusCode").asText()).isEqualTo("FIELD_CUSTOM_VALIDATION_EXCEPTION");
        assertThat(outcomes).filteredOn(RecordOutcome::success).extracting(RecordOutcome::identifier).containsExactlyInAnyOrder("b1", "b2", "b3", "b5");
    }

    @Test
    void nullBecomesNAAndUpdatesCarryTheIdColumn() {
        List<String> ids = IntStream.rangeClosed(1, 5).mapToObj(i -> fake.seed("Contact", contact("Old" + i, "o" + i + "@example.com"))).toList();
        SalesforceConnection connection = bulk();
        List<OutboundRecord> updates = IntStream.range(0, 5).mapToObj(i -> existing("u" + i, Action.UPDATE,
                JSON.createObjectNode().put("LastName", "New" + i).putNull("Email"), ids.get(i))).toList();

        List<RecordOutcome> outcomes = send(connection, target(Strategy.UPSERT), updates);

        assertThat(outcomes).allSatisfy(o -> assertThat(o.success()).as("%s", o.result()).isTrue());
        assertThat(fake.jobs().get(0).operation).isEqualTo("update");
        assertThat(fake.jobs().get(0).csv()).startsWith("Id,LastName,Email\n").contains(ids.get(0) + ",New0,#N/A\n");
        assertThat(outcome(outcomes, "u3").appIdentifier()).isEqualTo(ids.get(3));
        assertThat(fake.record("Contact", ids.get(3)).path("LastName").asText()).isEqualTo("New3");
        assertThat(fake.record("Contact", ids.get(3)).path("Email").isNull()).isTrue();
    }

    @Test
    void upsertAndDeleteJobsAreMatchedByTheirKeyColumns() {
        SalesforceConnection connection = bulk();
        List<OutboundRecord> upserts = IntStream.rangeClosed(1, 6).mapToObj(i -> create("x" + i,
                contact("Same name", "same@example.com").put("External_Id__c", "X-" + i))).toList();

        List<RecordOutcome> upserted = send(connection, target(Strategy.MIRROR, "external-id-field", "External_Id__c"), upserts);

        assertThat(fake.jobs().get(0).operation).isEqualTo("upsert");
        assertThat(upserted).allSatisfy(o -> assertThat(fake.record("Contact", o.appIdentifier()).path("External_Id__c").asText())
                .isEqualTo("X-" + o.identifier().substring(1)));
        List<OutboundRecord> deletes = upserted.stream().map(o -> existing(o.identifier(), Action.DELETE, JSON.createObjectNode(), o.appIdentifier()))
                .toList();

        List<RecordOutcome> deleted = send(connection, target(Strategy.MIRROR, "external-id-field", "External_Id__c"), deletes);

        assertThat(fake.jobs().get(1).operation).isEqualTo("delete");
        assertThat(fake.jobs().get(1).csv()).startsWith("Id\n");
        assertThat(deleted).allSatisfy(o -> assertThat(o.success()).isTrue());
        assertThat(fake.records("Contact")).isEmpty();
    }

    @Test
    void aFailedJobReportsItsUnprocessedRowsAsRetryable() {
        SalesforceConnection connection = bulk();
        fake.failNextJobAfter(3, "InvalidBatch : Failed to process query");

        List<RecordOutcome> outcomes = send(connection, target(Strategy.CREATE), creates(7));

        assertThat(outcomes).filteredOn(RecordOutcome::success).hasSize(3);
        assertThat(outcomes).filteredOn(o -> !o.success()).hasSize(4).allSatisfy(o -> {
            assertThat(o.result().path("retryable").asBoolean()).isTrue();
            assertThat(o.status()).isEqualTo(RecordOutcome.Status.TRANSIENT);
            assertThat(o.result().path("error").asText()).contains("ended Failed").contains("InvalidBatch");
        });
    }

    @Test
    void aJobStillRunningAtTheDeadlineIsAbortedAndItsRecordsReported() {
        SalesforceConnection connection = bulk();
        fake.pollsBeforeDone(Integer.MAX_VALUE);

        List<RecordOutcome> outcomes = await(connection.send(new SendBatch(target(Strategy.CREATE), creates(5),
                clock.instant().plus(Duration.ofSeconds(9)))));

        assertThat(fake.jobs().get(0).state()).isEqualTo("Aborted");
        assertThat(outcomes).hasSize(5).allSatisfy(o -> assertThat(o.identifier()).startsWith("b"));
        // the fake applied every row at once, so all are reported as they are in Salesforce
        assertThat(outcomes).allSatisfy(o -> assertThat(o.success()).isTrue());
    }

    @Test
    void belowTheThresholdAGroupUsesCollections() {
        SalesforceConnection connection = bulk();

        List<RecordOutcome> outcomes = send(connection, target(Strategy.CREATE), creates(4));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.success()).isTrue());
        assertThat(fake.jobs()).isEmpty();
        assertThat(fake.collectionRequests()).isEqualTo(1);
    }

    @Test
    void aJobThatCannotBeCreatedFailsItsRecordsWithTheAnswer() {
        SalesforceConnection connection = open("bulk-threshold", "5", "retry.max-attempts", "1");
        await(connection.check());
        fake.throttleNext(1, 503, 1);

        List<RecordOutcome> failed = send(connection, target(Strategy.CREATE), creates(5));

        assertThat(fake.jobs()).isEmpty();
        assertThat(failed).hasSize(5).allSatisfy(o -> {
            assertThat(o.success()).isFalse();
            assertThat(o.result().path("error").asText()).isEqualTo("could not create the bulk job");
            assertThat(o.result().path("status").asInt()).isEqualTo(503);
            assertThat(o.result().path("retryable").asBoolean()).isTrue();
            assertThat(o.status()).isEqualTo(RecordOutcome.Status.TRANSIENT);
        });
    }
}
