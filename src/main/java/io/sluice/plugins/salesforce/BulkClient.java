package io.sluice.plugins.salesforce;

import io.sluice.plugin.support.ResponseJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.support.Delayer;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Writes many records of one operation as one Bulk API 2.0 ingest job (Bulk API 2.0 Developer Guide, "Create a
 * Job", "Upload Job Data", "Close or Abort a Job", "Get Job Info", "Get Job Successful/Failed/Unprocessed
 * Record Results"):
 * <ol>
 *   <li>{@code POST jobs/ingest} with {@code object}, {@code operation} (insert, update, upsert, delete),
 *       {@code externalIdFieldName} (upsert), {@code contentType: CSV}, {@code columnDelimiter: COMMA},
 *       {@code lineEnding: LF};</li>
 *   <li>{@code PUT jobs/ingest/<id>/batches} with the CSV ({@code Content-Type: text/csv}; 201 Created);</li>
 *   <li>{@code PATCH jobs/ingest/<id>} with {@code {"state": "UploadComplete"}};</li>
 *   <li>{@code GET jobs/ingest/<id>} every {@code bulk-poll-interval} (waiting with the non-blocking
 *       {@link Delayer}) until {@code JobComplete}, {@code Failed} or {@code Aborted}. If the next poll would pass
 *       the batch's deadline, the job is aborted ({@code {"state": "Aborted"}}) and whatever it processed is
 *       reported;</li>
 *   <li>{@code GET .../successfulResults}, {@code .../failedResults} and, unless the job completed,
 *       {@code .../unprocessedrecords} (CSV), matched back to records by {@link BulkResultMapper}.</li>
 * </ol>
 * A job that cannot be created or filled fails its records with Salesforce's answer (the job is aborted when it
 * exists). Once the data is uploaded, records are never failed as a whole: Salesforce may have applied them.
 */
final class BulkClient {
    private static final Logger LOG = Logger.getLogger(BulkClient.class);
    private static final Set<String> FINAL_STATES = Set.of("JobComplete", "Failed", "Aborted");
    private static final Map<String, String> JSON = Map.of();
    private static final Map<String, String> CSV_BODY = Map.of("Content-Type", "text/csv");
    private static final Map<String, String> CSV_ANSWER = Map.of("Accept", "text/csv");
    /**
     * Calls made once the data is uploaded are not bounded by the run's deadline: the records may be applied
     * already, and failing them for a rate-limit wait would re-send them next run. Polling itself stops at the
     * deadline (the job is aborted).
     */
    private static final Instant AFTER_UPLOAD = Instant.MAX;
    private static final int MAX_FAILED_POLLS = 10;

    private final SalesforceApi api;
    private final BulkResultMapper results;
    private final Duration pollInterval;
    private final Clock clock;
    private final Delayer delayer;

    BulkClient(SalesforceApi api, BulkResultMapper results, Duration pollInterval, Clock clock, Delayer delayer) {
        this.api = api;
        this.results = results;
        this.pollInterval = pollInterval;
        this.clock = clock;
        this.delayer = delayer;
    }

    Uni<List<RecordOutcome>> write(String object, Operation operation, String externalIdField, List<Write> writes, Instant deadline) {
        BulkRows rows = BulkRows.of(operation, externalIdField, writes);
        ObjectNode job = Json.NODES.objectNode()
                .put("object", object)
                .put("operation", operation.bulkName())
                .put("contentType", "CSV")
                .put("columnDelimiter", "COMMA")
                .put("lineEnding", "LF");
        if (operation == Operation.UPSERT) {
            job.put("externalIdFieldName", externalIdField);
        }
        return api.call("POST", "jobs/ingest", JSON, job.toString(), deadline).chain(created -> {
            String jobId = Json.parse(created.body()).map(j -> j.path("id").asText("")).orElse("");
            if (!created.isSuccess() || jobId.isBlank()) {
                return Uni.createFrom().item(failAll(writes, "could not create the bulk job", created));
            }
            LOG.infof("connection '%s': bulk job %s (%s %s, %d records) created", api.connection(), jobId, operation.bulkName(), object, writes.size());
            return fill(jobId, rows, writes, deadline);
        });
    }

    private Uni<List<RecordOutcome>> fill(String jobId, BulkRows rows, List<Write> writes, Instant deadline) {
        return api.call("PUT", "jobs/ingest/" + jobId + "/batches", CSV_BODY, rows.csv(), deadline)
                .onFailure().call(failure -> abort(jobId))
                .chain(uploaded -> {
            if (!uploaded.isSuccess()) {
                return abort(jobId).map(ignored -> failAll(writes, "could not upload the data of bulk job " + jobId, uploaded));
            }
            return api.call("PATCH", "jobs/ingest/" + jobId, JSON, "{\"state\":\"UploadComplete\"}", AFTER_UPLOAD).chain(closed -> {
                if (!closed.isSuccess()) {
                    return abort(jobId).map(ignored -> failAll(writes, "could not close bulk job " + jobId, closed));
                }
                return poll(jobId, deadline, 0).chain(job -> collect(job, rows, writes));
            });
        });
    }

    /**
     * Waits for a final state; aborts the job when the next poll would pass the deadline. A poll that fails
     * (transport trouble, an app briefly down) is repeated at the next interval: the records are in Salesforce's
     * hands now, and giving up would report them failed when they may well be applied.
     */
    private Uni<BulkResultMapper.Job> poll(String jobId, Instant deadline, int failedPolls) {
        if (Duration.between(clock.instant(), deadline).compareTo(pollInterval) < 0) {
            LOG.warnf("connection '%s': bulk job %s is still running at the run's time limit; aborting it", api.connection(), jobId);
            return abort(jobId).map(state -> new BulkResultMapper.Job(jobId, state,
                    "aborted by Sluice at the run's time limit; rows it had not processed are retried next run"));
        }
        return delayer.delay(pollInterval)
                .chain(() -> api.call("GET", "jobs/ingest/" + jobId, JSON, null, AFTER_UPLOAD))
                .chain(answer -> {
                    JsonNode info = Json.parse(answer.body()).orElse(Json.NODES.objectNode());
                    String state = info.path("state").asText("");
                    if (answer.isSuccess() && FINAL_STATES.contains(state)) {
                        return Uni.createFrom().item(new BulkResultMapper.Job(jobId, state, info.path("errorMessage").asText("")));
                    }
                    if (!answer.isSuccess() && !CollectionsResponseMapper.isRetryable(answer.status(), answer.body())) {
                        // the job cannot be read (deleted, no permission): its results are lost to us
                        return Uni.createFrom().item(new BulkResultMapper.Job(jobId, "Unknown", answer.http().describe() + ResponseJson.snippet(answer.body())));
                    }
                    return poll(jobId, deadline, 0);
                })
                .onFailure(failure -> !(failure instanceof SalesforceAuthException) && failedPolls < MAX_FAILED_POLLS)
                .recoverWithUni(failure -> {
                    LOG.warnf("connection '%s': polling bulk job %s failed (%s); polling again", api.connection(), jobId, failure.getMessage());
                    return poll(jobId, deadline, failedPolls + 1);
                })
                .onFailure().recoverWithItem(failure -> new BulkResultMapper.Job(jobId, "Unknown", "could not read the job's state: "
                        + api.scrub(String.valueOf(failure.getMessage()))));
    }

    private Uni<List<RecordOutcome>> collect(BulkResultMapper.Job job, BulkRows rows, List<Write> writes) {
        String base = "jobs/ingest/" + job.id() + "/";
        Uni<CsvCodec.Table> unprocessed = job.state().equals("JobComplete")
                ? Uni.createFrom().item(new CsvCodec.Table(List.of(), List.of()))
                : table(base + "unprocessedrecords");
        return Uni.combine().all().unis(table(base + "successfulResults"), table(base + "failedResults"), unprocessed)
                .asTuple()
                .map(t -> {
                    LOG.infof("connection '%s': bulk job %s ended %s: %d successful, %d failed, %d unprocessed row(s)", api.connection(), job.id(),
                            job.state(), t.getItem1().rows().size(), t.getItem2().rows().size(), t.getItem3().rows().size());
                    return results.map(writes, rows, job, t.getItem1(), t.getItem2(), t.getItem3(), api.usageText());
                });
    }

    /** A result file; an empty table when it cannot be read (its records then fail as unanswered, retryable). */
    private Uni<CsvCodec.Table> table(String path) {
        return api.call("GET", path, CSV_ANSWER, null, AFTER_UPLOAD).map(answer -> {
            if (!answer.isSuccess()) {
                LOG.warnf("connection '%s': %s%s", api.connection(), answer.http().describe(), ResponseJson.snippet(answer.body()));
                return new CsvCodec.Table(List.of(), List.of());
            }
            try {
                return CsvCodec.parse(answer.body());
            } catch (IllegalArgumentException e) {
                LOG.warnf("connection '%s': %s: unreadable CSV (%s)", api.connection(), answer.http().describe(), e.getMessage());
                return new CsvCodec.Table(List.of(), List.of());
            }
        }).onFailure().recoverWithItem(failure -> {
            LOG.warnf("connection '%s': reading %s failed: %s", api.connection(), path, api.scrub(String.valueOf(failure.getMessage())));
            return new CsvCodec.Table(List.of(), List.of());
        });
    }

    /** Aborts a job, best effort; the state it reports afterwards. */
    private Uni<String> abort(String jobId) {
        return api.call("PATCH", "jobs/ingest/" + jobId, JSON, "{\"state\":\"Aborted\"}", AFTER_UPLOAD)
                .map(answer -> Json.parse(answer.body()).map(j -> j.path("state").asText("Aborted")).orElse("Aborted"))
                .onFailure().recoverWithItem("Aborted");
    }

    private static List<RecordOutcome> failAll(List<Write> writes, String what, SalesforceApi.Answer answer) {
        ObjectNode result = Json.requestError(answer.status(), answer.body()).put("error", what);
        // a 2xx here is one we could not read (no job id: a proxy's page): nothing was uploaded, so retrying is safe
        boolean retryable = answer.isSuccess() || CollectionsResponseMapper.isRetryable(answer.status(), answer.body());
        if (retryable) {
            result.put("retryable", true);
        }
        CollectionsResponseMapper.withUsage(result, answer.usageText());
        return writes.stream().map(w -> retryable ? RecordOutcome.transientFailure(w.identifier(), result)
                : RecordOutcome.rejected(w.identifier(), result)).toList();
    }
}
