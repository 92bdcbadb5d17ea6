package io.sluice.plugins.salesforce;

import io.sluice.plugin.support.ResponseJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppUnavailableException;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.RetryableException;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.SyncTarget;
import io.sluice.plugin.support.AppHttpClient;
import io.sluice.plugin.RateLimitDeadlineException;
import io.sluice.plugin.support.RetryClassifier;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One Salesforce org. A batch is planned record by record ({@link WritePlanner}), grouped by operation (a
 * mirror batch mixes creates, updates and deletes), and each group is written either as sObject Collections
 * requests of at most 200 records ({@link CollectionsClient}) or, when {@code bulk-threshold} is set and the
 * group has at least that many records, as one Bulk API 2.0 job ({@link BulkClient}). Requests go one after the
 * other; the engine runs batches concurrently.
 *
 * <p>Failures: a record Salesforce rejects fails alone (its neighbours keep their results). When a request
 * fails outright (no answer after the client's retries, a rate-limit wait past the deadline, the app down,
 * no token), the first request's failure fails the batch (so the engine can delay it, stop the run or record
 * the error); a later one fails only the records not yet written, with {@code "retryable": true}, and keeps the
 * outcomes of the requests that were answered, so records already applied are not sent twice.
 */
public final class SalesforceConnection implements AppConnection {
    private final SalesforceSettings settings;
    private final WritePlanner planner;
    private final SalesforceApi api;
    private final CollectionsClient collections;
    private final BulkClient bulk;
    private final ApiUsage usage;
    private final AppHttpClient http;

    SalesforceConnection(SalesforceSettings settings, WritePlanner planner, SalesforceApi api, CollectionsClient collections, BulkClient bulk,
                         ApiUsage usage, AppHttpClient http) {
        this.settings = settings;
        this.planner = planner;
        this.api = api;
        this.collections = collections;
        this.bulk = bulk;
        this.usage = usage;
        this.http = http;
    }

    /** 200 (sObject Collections' limit), or {@code bulk-batch-size} when Bulk API 2.0 is enabled. */
    @Override
    public int maxBatchSize() {
        return settings.bulkThreshold().isPresent() ? settings.bulkBatchSize() : CollectionsClient.MAX_RECORDS;
    }

    @Override
    public List<String> validate(SyncTarget target, OutboundRecord record) {
        return planner.problems(target, record);
    }

    /** The org's latest API usage ({@code Sforce-Limit-Info}), for metrics. */
    @Override
    public java.util.Map<String, String> usage() {
        return usage.latest().map(r -> java.util.Map.of("api-usage", r.text())).orElse(java.util.Map.of());
    }

    public Optional<ApiUsage.Reading> apiUsage() {
        return usage.latest();
    }

    @Override
    public Uni<List<RecordOutcome>> send(SendBatch batch) {
        SyncTarget target = batch.target();
        List<RecordOutcome> invalid = new ArrayList<>();
        Map<Operation, List<Write>> groups = new LinkedHashMap<>();
        for (OutboundRecord record : batch.records()) {
            try {
                Write write = planner.plan(target, record);
                groups.computeIfAbsent(write.operation(), o -> new ArrayList<>()).add(write);
            } catch (WritePlanner.InvalidWriteException e) {
                ObjectNode result = Json.NODES.objectNode().put("error", "validation failed");
                planner.problems(target, record).forEach(result.putArray("problems")::add);
                invalid.add(RecordOutcome.rejected(record.identifier(), result));
            }
        }
        String externalId = WritePlanner.externalIdField(target).orElse(null);
        List<Unit> units = new ArrayList<>();
        groups.forEach((operation, writes) -> {
            if (settings.bulkThreshold().isPresent() && writes.size() >= settings.bulkThreshold().getAsInt()) {
                units.add(new Unit(writes, () -> bulk.write(target.object(), operation, externalId, writes, batch.deadline())));
            } else {
                for (int from = 0; from < writes.size(); from += CollectionsClient.MAX_RECORDS) {
                    List<Write> chunk = writes.subList(from, Math.min(writes.size(), from + CollectionsClient.MAX_RECORDS));
                    units.add(new Unit(chunk, () -> collections.write(target.object(), operation, externalId, chunk, batch.deadline())));
                }
            }
        });
        return run(units, 0, new ArrayList<>(invalid));
    }

    /** One request (or one bulk job) and the writes it carries. */
    private record Unit(List<Write> writes, Supplier<Uni<List<RecordOutcome>>> call) {
    }

    private Uni<List<RecordOutcome>> run(List<Unit> units, int index, List<RecordOutcome> done) {
        if (index == units.size()) {
            return Uni.createFrom().item(done);
        }
        Unit unit = units.get(index);
        return Uni.createFrom().deferred(() -> unit.call().get()).onItemOrFailure().transformToUni((outcomes, failure) -> {
            if (failure == null) {
                done.addAll(outcomes);
                return run(units, index + 1, done);
            }
            // a failure the SPI does not declare is a bug, reported as one (it fails the run) even after earlier units
            if (index == 0 || !declared(failure)) {
                return Uni.createFrom().failure(failure);
            }
            ObjectNode result = Json.NODES.objectNode()
                    .put("error", "not sent: " + api.scrub(failure.getClass().getSimpleName() + ": " + failure.getMessage()));
            result.put("retryable", true);
            for (int i = index; i < units.size(); i++) {
                units.get(i).writes().forEach(w -> done.add(RecordOutcome.transientFailure(w.identifier(), result)));
            }
            return Uni.createFrom().item(done);
        });
    }

    /**
     * Whether a later unit's failure is one the plugin SPI declares, so that the records of the units not run yet get an
     * outcome saying why (the units already answered keep theirs): transient trouble, a rate-limit wait past the
     * deadline and an app that is down are sent again (in this run while it can, else the next); the engine stops or
     * fails the run when the same failure meets the first unit of its next call.
     */
    private static boolean declared(Throwable failure) {
        return RetryClassifier.isRetryable(failure) || failure instanceof RateLimitDeadlineException || failure instanceof AppUnavailableException;
    }

    /** {@code GET /services/data/<api-version>/limits}: proves the token, the instance URL and the API version. */
    @Override
    public Uni<Void> check() {
        return api.call("GET", "limits", Map.of(), null, Instant.MAX).map(answer -> {
            if (answer.isSuccess()) {
                return null;
            }
            String message = "connection '" + settings.connection() + "': check " + answer.http().describe() + ResponseJson.snippet(answer.body());
            if (CollectionsResponseMapper.isRetryable(answer.status(), answer.body())) {
                throw new RetryableException(message);
            }
            throw new IllegalStateException(message);
        });
    }

    @Override
    public void close() {
        http.close();
    }
}
