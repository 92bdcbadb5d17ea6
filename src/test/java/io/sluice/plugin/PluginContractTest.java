package io.sluice.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every app plugin must do, run against each plugin's fake app. A plugin's test extends this class,
 * starts its fake (WireMock or in-memory) and implements the three hooks; the suite then drives the
 * connection the way the engine does: batches of at most {@link AppConnection#maxBatchSize()}.
 *
 * <p>The default records are {@code {"external_id", "email", "name"}} objects; override {@link #record} when the
 * app needs other fields, and {@link #target} when it has a fixed set of objects.
 */
public abstract class PluginContractTest {
    /** Long enough for a slow CI machine; a plugin that takes longer for a handful of records has a bug. */
    protected static final Duration WAIT = Duration.ofSeconds(30);
    /** Upper bound on the full batch sent, so plugins with huge limits (e.g. bulk APIs: 10,000) stay fast. */
    private static final int LARGEST_TEST_BATCH = 1_000;

    private AppConnection connection;

    /** The plugin under test. */
    protected abstract AppPlugin plugin();

    /** Opens a connection of {@link #plugin()} against this test's fake app, which accepts every record by default. */
    protected abstract AppConnection openAgainstFake();

    /** Makes the fake reject, permanently (a validation error, not throttling), the record with this identifier. */
    protected abstract void rejectInFake(String identifier);

    /** The largest number of records the fake received in one request, when it can tell; empty otherwise. */
    protected OptionalInt largestBatchSeenByFake() {
        return OptionalInt.empty();
    }

    /** The target the suite sends to. */
    protected SyncTarget target(Strategy strategy) {
        return new SyncTarget("contract-suite", "contacts", strategy, Map.of());
    }

    /** A record the fake accepts. Updates and deletes carry an app identifier, as the engine gives them. */
    protected OutboundRecord record(String identifier, Action action) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode()
                .put("external_id", identifier)
                .put("email", identifier + "@example.com")
                .put("name", "Contact " + identifier);
        boolean existing = action == Action.UPDATE || action == Action.DELETE;
        return new OutboundRecord(identifier, action, fields, existing ? fields.deepCopy() : null, existing ? "app-" + identifier : null);
    }

    @BeforeEach
    void openConnection() {
        connection = openAgainstFake();
    }

    @AfterEach
    void closeConnection() {
        if (connection != null) {
            connection.close();
        }
    }

    protected AppConnection connection() {
        return connection;
    }

    @Test
    void answersEachRecordOnceMatchedByIdentifier() {
        List<OutboundRecord> records = records("one", 5, Action.CREATE);

        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, records, connection.maxBatchSize());

        assertThat(outcomes).extracting(RecordOutcome::identifier)
                .containsExactlyInAnyOrderElementsOf(records.stream().map(OutboundRecord::identifier).toList());
        assertThat(outcomes).allSatisfy(o -> assertThat(o.success()).as("success of %s: %s", o.identifier(), o.result()).isTrue());
    }

    @Test
    void rejectedRecordFailsWhileItsNeighboursSucceed() {
        List<OutboundRecord> records = records("rej", 3, Action.CREATE);
        rejectInFake("rej-2");

        Map<String, RecordOutcome> byId = byIdentifier(sendInBatches(Strategy.UPSERT, records, connection.maxBatchSize()));

        assertThat(byId.get("rej-2").success()).as("rejected record").isFalse();
        assertThat(byId.get("rej-1").success()).as("neighbour before: %s", byId.get("rej-1").result()).isTrue();
        assertThat(byId.get("rej-3").success()).as("neighbour after: %s", byId.get("rej-3").result()).isTrue();
    }

    @Test
    void aFullBatchIsAnsweredAndNoRequestExceedsTheMaximum() {
        int max = connection.maxBatchSize();
        assertThat(max).as("maxBatchSize").isPositive();
        assumeTrue(max <= LARGEST_TEST_BATCH, "maxBatchSize " + max + " is too large for a test batch");
        List<OutboundRecord> records = records("full", max, Action.CREATE);

        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, records, max);

        assertThat(outcomes).hasSize(max).allSatisfy(o -> assertThat(o.success()).as("success of %s: %s", o.identifier(), o.result()).isTrue());
        largestBatchSeenByFake().ifPresent(seen -> assertThat(seen).as("records in one request").isBetween(1, max));
    }

    @Test
    void failuresSayWhy() {
        List<OutboundRecord> records = records("res", 4, Action.CREATE);
        rejectInFake("res-3");

        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, records, connection.maxBatchSize());

        assertThat(outcomes).hasSize(4).filteredOn(o -> !o.success()).singleElement()
                .satisfies(o -> assertThat(o.result().isEmpty()).as("failure result is empty").isFalse());
    }

    @Test
    void mixedActionsInOneBatchAreEachAnswered() {
        assumeTrue(plugin().supportedStrategies().contains(Strategy.MIRROR), "plugin does not support mirror");
        List<OutboundRecord> records = List.of(record("mix-1", Action.CREATE), record("mix-2", Action.UPDATE), record("mix-3", Action.DELETE));

        Map<String, RecordOutcome> byId = byIdentifier(sendInBatches(Strategy.MIRROR, records, connection.maxBatchSize()));

        assertThat(byId).containsOnlyKeys("mix-1", "mix-2", "mix-3");
        assertThat(byId.values()).allSatisfy(o -> assertThat(o.success()).as("%s: %s", o.identifier(), o.result()).isTrue());
    }

    /** Sends as the engine does: consecutive batches of at most {@code batchSize}, checking each batch's answer. */
    protected List<RecordOutcome> sendInBatches(Strategy strategy, List<OutboundRecord> records, int batchSize) {
        int size = Math.min(batchSize, connection.maxBatchSize());
        List<RecordOutcome> all = new ArrayList<>();
        for (int from = 0; from < records.size(); from += size) {
            List<OutboundRecord> batch = records.subList(from, Math.min(records.size(), from + size));
            List<RecordOutcome> answer = connection.send(new SendBatch(target(strategy), batch)).await().atMost(WAIT);
            assertThat(answer).as("outcomes of one batch").extracting(RecordOutcome::identifier)
                    .containsExactlyInAnyOrderElementsOf(batch.stream().map(OutboundRecord::identifier).toList());
            all.addAll(answer);
        }
        return all;
    }

    protected List<OutboundRecord> records(String prefix, int count, Action action) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> record(prefix + "-" + i, action)).toList();
    }

    protected static Map<String, RecordOutcome> byIdentifier(List<RecordOutcome> outcomes) {
        return outcomes.stream().collect(Collectors.toMap(RecordOutcome::identifier, Function.identity()));
    }
}
