package io.sluice.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every app plugin must do, run against each plugin's fake app: the one place where plugin behaviour
 * that {@code SEMANTICS.md} asks of every plugin is pinned. A plugin's test extends this class, starts its fake
 * (WireMock or in-memory), implements {@link #plugin}, {@link #openAgainstFake} and declares its {@link Capability capabilities};
 * the suite then drives the connection the way the engine does: batches of at most
 * {@link AppConnection#maxBatchSize()}, a batch rejected as a whole split down to single records.
 *
 * <p>Each capability has hooks that make the fake misbehave in the app's own way (a 429 in the app's shape, a
 * whole batch refused, a broken check); a plugin implements the hooks of the capabilities it declares. A test of
 * a capability the plugin lacks is skipped, naming the capability, so each plugin's report says what it does not do.
 *
 * <p>The default records are {@code {"external_id", "email", "name"}} objects; override {@link #record} when the
 * app needs other fields, and {@link #target} when it has a fixed set of objects.
 */
public abstract class PluginContractTest {
    /** Long enough for a slow CI machine; a plugin that takes longer for a handful of records has a bug. */
    protected static final Duration WAIT = Duration.ofSeconds(30);
    /** Upper bound on the full batch sent, so plugins with huge limits (e.g. bulk APIs: 10,000) stay fast. */
    private static final int LARGEST_TEST_BATCH = 1_000;

    /** Behaviour a plugin may or may not have; the tests of the ones it lacks are skipped. */
    public enum Capability {
        /** The app can refuse a record; the refusal fails that record alone, saying why. Hook: {@link #rejectInFake}. */
        RECORD_REJECTION,
        /** Successful outcomes carry the app's identifier of the object. */
        APP_IDENTIFIERS,
        /** A 429 with {@code Retry-After} is waited out and the request then succeeds; the wait is no failure. Hook: {@link #makeAppThrottle}. */
        THROTTLING,
        /** Transient server errors (5xx) are retried. Hook: {@link #makeAppFailWithServerErrors}. */
        SERVER_ERROR_RETRIES,
        /**
         * A batch the app refuses as a whole fails with {@link BatchRejectedException}, so the engine splits it.
         * Hook: {@link #makeAppRejectWholeBatchBecauseOf}.
         */
        BATCH_SPLITTING,
        /**
         * A wait that would pass the run's deadline fails the batch with {@link #deadlineException()}, so the engine
         * marks the records DELAYED. Hook: {@link #makeAppThrottle}.
         */
        DEADLINE_DELAYS,
        /** {@link AppConnection#validate} finds records the app would refuse, without I/O. Hook: {@link #recordThatFailsValidation}. */
        VALIDATE,
        /** {@link AppConnection#check()} makes a real round trip that a broken app fails. Hook: {@link #makeCheckFail}. */
        CHECK,
        /**
         * A 2xx answer the plugin cannot read (a proxy's HTML page) is never a success: the records of that request are
         * transient, with no app identifier (what counts as delivered). Hook: {@link #makeAppAnswerAGatewayPage}.
         */
        UNREADABLE_ANSWERS
    }

    private AppConnection connection;

    /** What the plugin under test does, beyond what every plugin must. */
    protected abstract Set<Capability> capabilities();

    /** The plugin under test. */
    protected abstract AppPlugin plugin();

    /** Opens a connection of {@link #plugin()} against this test's fake app, which accepts every record by default. */
    protected abstract AppConnection openAgainstFake();

    /** {@link Capability#RECORD_REJECTION}: the fake rejects, permanently (a validation error, not throttling), the record with this identifier. */
    protected void rejectInFake(String identifier) {
        throw missingHook(Capability.RECORD_REJECTION);
    }

    /** The largest number of records the fake received in one request, when it can tell; empty otherwise. */
    protected OptionalInt largestBatchSeenByFake() {
        return OptionalInt.empty();
    }

    /** How many requests the fake has received so far, when it can tell; empty otherwise. */
    protected OptionalInt requestsSeenByFake() {
        return OptionalInt.empty();
    }

    /** The time on the connection's clock (the deadline of a batch is measured on it). */
    protected Instant now() {
        return Instant.now();
    }

    /**
     * {@link Capability#THROTTLING}, {@link Capability#DEADLINE_DELAYS}: the next {@code times} requests get a 429 with
     * this {@code Retry-After}, as the app sends it.
     */
    protected void makeAppThrottle(int times, int retryAfterSeconds) {
        throw missingHook(Capability.THROTTLING);
    }

    /** {@link Capability#SERVER_ERROR_RETRIES}: the next {@code times} requests get a 5xx, as the app sends it. */
    protected void makeAppFailWithServerErrors(int times) {
        throw missingHook(Capability.SERVER_ERROR_RETRIES);
    }

    /** The next data request is answered 200 with an HTML page, as a gateway in front of the app may; nothing is written. */
    protected void makeAppAnswerAGatewayPage() {
        throw missingHook(Capability.UNREADABLE_ANSWERS);
    }

    /** {@link Capability#BATCH_SPLITTING}: a request holding the record with this identifier is refused as a whole, not attributed to a record. */
    protected void makeAppRejectWholeBatchBecauseOf(String identifier) {
        throw missingHook(Capability.BATCH_SPLITTING);
    }

    /**
     * {@link Capability#VALIDATE}: a record that {@link AppConnection#validate} finds a problem with, for {@link #target}
     * of {@link Strategy#UPSERT}.
     */
    protected OutboundRecord recordThatFailsValidation(String identifier) {
        throw missingHook(Capability.VALIDATE);
    }

    /** {@link Capability#CHECK}: the fake fails the connection check from now on (e.g. refuses the credentials). */
    protected void makeCheckFail() {
        throw missingHook(Capability.CHECK);
    }

    /** The secrets of the connection (tokens, passwords, header values); empty when it holds none. */
    protected List<String> secrets() {
        return List.of();
    }

    /** Makes the fake echo the credentials it receives in its answers, as debug endpoints and error pages sometimes do. */
    protected void makeAppEchoSecrets() {
    }

    /**
     * The exception a plugin fails a batch with when a wait would pass the deadline; the engine's {@code Dispatcher}
     * marks the records {@code DELAYED} on it. Named in this one place so that moving the class is a one-line change.
     */
    protected static Class<? extends RuntimeException> deadlineException() {
        return RateLimitDeadlineException.class;
    }

    private IllegalStateException missingHook(Capability capability) {
        return new IllegalStateException(getClass().getSimpleName() + " declares " + capability + " but does not implement its hook");
    }

    /** Skips the calling test, naming the capability, unless the plugin has it. */
    protected void assumeCapability(Capability capability) {
        assumeTrue(capabilities().contains(capability), () -> plugin().kind() + " plugin lacks capability " + capability);
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
        assumeCapability(Capability.RECORD_REJECTION);
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
        assumeCapability(Capability.RECORD_REJECTION);
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

    @Test
    void successCarriesTheAppIdentifier() {
        assumeCapability(Capability.APP_IDENTIFIERS);
        List<OutboundRecord> records = records("appid", 3, Action.CREATE);

        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, records, connection.maxBatchSize());

        assertThat(outcomes).hasSize(3).allSatisfy(o -> {
            assertThat(o.success()).as("success of %s: %s", o.identifier(), o.result()).isTrue();
            assertThat(o.appIdentifier()).as("app identifier of %s", o.identifier()).isNotBlank();
        });
        assertThat(outcomes).extracting(RecordOutcome::appIdentifier).as("one app identifier per object").doesNotHaveDuplicates();
    }

    @Test
    void aBatchTheAppRefusesAsAWholeIsRejectedSoTheEngineSplitsItAndOnlyTheBadRecordFails() {
        assumeCapability(Capability.BATCH_SPLITTING);
        assumeTrue(connection.maxBatchSize() >= 3, "maxBatchSize " + connection.maxBatchSize() + " cannot hold a batch of 3");
        List<OutboundRecord> records = records("split", 3, Action.CREATE);
        makeAppRejectWholeBatchBecauseOf("split-2");

        Throwable whole = catchThrowable(() -> connection.send(new SendBatch(target(Strategy.UPSERT), records)).await().atMost(WAIT));
        Map<String, RecordOutcome> byId = byIdentifier(sendInBatches(Strategy.UPSERT, records, records.size()));

        assertThat(whole).as("the answer to the whole batch").isInstanceOf(BatchRejectedException.class);
        assertThat(byId.get("split-2").success()).as("the bad record").isFalse();
        assertThat(byId.get("split-1").success()).as("neighbour: %s", byId.get("split-1").result()).isTrue();
        assertThat(byId.get("split-3").success()).as("neighbour: %s", byId.get("split-3").result()).isTrue();
    }

    @Test
    void a429WithRetryAfterIsWaitedOutAndTheRecordsThenSucceed() {
        assumeCapability(Capability.THROTTLING);
        makeAppThrottle(1, 2);
        Instant before = now();

        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, records("slow", 2, Action.CREATE), connection.maxBatchSize());

        assertThat(outcomes).as("waiting is not a failure").hasSize(2)
                .allSatisfy(o -> assertThat(o.success()).as("success of %s: %s", o.identifier(), o.result()).isTrue());
        assertThat(Duration.between(before, now())).as("waited for Retry-After").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aWaitPastTheDeadlineFailsTheBatchSoTheEngineDelaysItsRecords() {
        assumeCapability(Capability.DEADLINE_DELAYS);
        makeAppThrottle(1, 3600);
        List<OutboundRecord> records = records("late", 2, Action.CREATE);

        Throwable failure = catchThrowable(() -> connection.send(new SendBatch(target(Strategy.UPSERT), records, now().plusSeconds(60)))
                .await().atMost(WAIT));

        assertThat(failure).as("the answer to a batch that would wait an hour with a minute left").isInstanceOf(deadlineException());
    }

    @Test
    void serverErrorsAreRetriedAndTheRecordsThenSucceed() {
        assumeCapability(Capability.SERVER_ERROR_RETRIES);
        makeAppFailWithServerErrors(2);

        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, records("flaky", 2, Action.CREATE), connection.maxBatchSize());

        assertThat(outcomes).hasSize(2).allSatisfy(o -> assertThat(o.success()).as("success of %s: %s", o.identifier(), o.result()).isTrue());
    }

    @Test
    void aTwoHundredThatCannotBeReadIsTransientNeverASuccess() {
        assumeCapability(Capability.UNREADABLE_ANSWERS);
        makeAppAnswerAGatewayPage();

        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, records("gateway", 1, Action.CREATE), connection.maxBatchSize());

        assertThat(outcomes).hasSize(1).allSatisfy(o -> {
            assertThat(o.success()).as("success of %s: %s", o.identifier(), o.result()).isFalse();
            assertThat(o.status()).as("status of %s", o.identifier()).isEqualTo(RecordOutcome.Status.TRANSIENT);
            assertThat(o.appIdentifier()).isNull();
        });
    }

    @Test
    void validateFindsTheProblemsOfAnInvalidRecordWithoutCallingTheApp() {
        assumeCapability(Capability.VALIDATE);
        OptionalInt requestsBefore = requestsSeenByFake();

        List<String> problems = connection.validate(target(Strategy.UPSERT), recordThatFailsValidation("invalid-1"));
        List<String> none = connection.validate(target(Strategy.UPSERT), record("valid-1", Action.CREATE));

        assertThat(problems).as("problems of an invalid record").isNotEmpty().allSatisfy(p -> assertThat(p).isNotBlank());
        assertThat(none).as("problems of a valid record").isEmpty();
        assertThat(requestsSeenByFake()).as("requests to the app").isEqualTo(requestsBefore);
    }

    @Test
    void checkPassesAgainstAHealthyApp() {
        assumeCapability(Capability.CHECK);

        Throwable failure = catchThrowable(() -> connection.check().await().atMost(WAIT));

        assertThat(failure).as("check against a healthy fake").isNull();
    }

    @Test
    void checkFailsAgainstABrokenAppWithAMessageAndNoSecret() {
        assumeCapability(Capability.CHECK);
        makeAppEchoSecrets();
        makeCheckFail();

        Throwable failure = catchThrowable(() -> connection.check().await().atMost(WAIT));

        assertThat(failure).as("check against a broken fake").isNotNull();
        assertThat(failure.getMessage()).isNotBlank();
        assertThat(secrets()).allSatisfy(secret -> assertThat(failure.getMessage()).doesNotContain(secret));
    }

    @Test
    void secretsNeverAppearInResultsOrMessages() {
        assumeFalse(secrets().isEmpty(), () -> plugin().kind() + " connection holds no secret");
        makeAppEchoSecrets();
        List<OutboundRecord> records = records("secret", 3, Action.CREATE);
        if (capabilities().contains(Capability.RECORD_REJECTION)) {
            rejectInFake("secret-2");
        }
        List<String> seen = new ArrayList<>();

        sendInBatches(Strategy.UPSERT, records, connection.maxBatchSize()).forEach(o -> seen.add(o.result().toString()));
        if (capabilities().contains(Capability.CHECK)) {
            makeCheckFail();
            seen.add(String.valueOf(catchThrowable(() -> connection.check().await().atMost(WAIT))));
        }

        assertThat(seen).allSatisfy(text -> secrets().forEach(secret -> assertThat(text).doesNotContain(secret)));
    }

    /**
     * Sends as the engine does: consecutive batches of at most {@code batchSize}, checking each batch's answer; a
     * batch refused as a whole ({@link BatchRejectedException}) is split in halves down to single records, and a
     * single record refused so fails with the exception's message.
     */
    protected List<RecordOutcome> sendInBatches(Strategy strategy, List<OutboundRecord> records, int batchSize) {
        int size = Math.min(batchSize, connection.maxBatchSize());
        List<RecordOutcome> all = new ArrayList<>();
        for (int from = 0; from < records.size(); from += size) {
            all.addAll(sendSplitting(strategy, records.subList(from, Math.min(records.size(), from + size))));
        }
        return all;
    }

    private List<RecordOutcome> sendSplitting(Strategy strategy, List<OutboundRecord> batch) {
        List<RecordOutcome> answer;
        try {
            answer = connection.send(new SendBatch(target(strategy), batch)).await().atMost(WAIT);
        } catch (BatchRejectedException e) {
            if (batch.size() == 1) {
                return List.of(RecordOutcome.rejected(batch.get(0).identifier(), e.getMessage()));
            }
            List<RecordOutcome> both = new ArrayList<>(sendSplitting(strategy, batch.subList(0, batch.size() / 2)));
            both.addAll(sendSplitting(strategy, batch.subList(batch.size() / 2, batch.size())));
            return both;
        }
        assertThat(answer).as("outcomes of one batch").extracting(RecordOutcome::identifier)
                .containsExactlyInAnyOrderElementsOf(batch.stream().map(OutboundRecord::identifier).toList());
        return answer;
    }

    protected List<OutboundRecord> records(String prefix, int count, Action action) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> record(prefix + "-" + i, action)).toList();
    }

    protected static Map<String, RecordOutcome> byIdentifier(List<RecordOutcome> outcomes) {
        return outcomes.stream().collect(Collectors.toMap(RecordOutcome::identifier, Function.identity()));
    }
}
