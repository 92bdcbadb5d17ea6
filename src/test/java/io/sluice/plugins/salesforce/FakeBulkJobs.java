package io.sluice.plugins.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Bulk API 2.0 ingest jobs of the fake org: creation checks ({@code operation}, {@code object},
 * {@code contentType: CSV}, {@code lineEnding: LF}, {@code externalIdFieldName} for upserts), CSV upload only while
 * Open and as {@code text/csv}, close, a few InProgress polls, then result files whose rows come back in reverse
 * order (Salesforce does not guarantee their order). Not thread-safe: {@link FakeSalesforce} calls it under its lock.
 */
final class FakeBulkJobs {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One Bulk API 2.0 ingest job. */
    static final class Job {
        final String id;
        final String object;
        final String operation;
        final String externalId;
        String state = "Open";
        String csv;
        String errorMessage;
        int pollsLeft;
        List<String> header = List.of();
        final List<List<String>> successful = new ArrayList<>();
        final List<List<String>> failed = new ArrayList<>();
        final List<List<String>> unprocessed = new ArrayList<>();

        Job(String id, String object, String operation, String externalId) {
            this.id = id;
            this.object = object;
            this.operation = operation;
            this.externalId = externalId;
        }

        String state() {
            return state;
        }

        String csv() {
            return csv;
        }
    }

    private final FakeOrgData org;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private int pollsBeforeDone = 2;
    private int failNextJobAfter = -1;
    private String failNextJobMessage;

    FakeBulkJobs(FakeOrgData org) {
        this.org = org;
    }

    void reset() {
        jobs.clear();
        pollsBeforeDone = 2;
        failNextJobAfter = -1;
    }

    void pollsBeforeDone(int polls) {
        this.pollsBeforeDone = polls;
    }

    void failNextJobAfter(int rows, String message) {
        this.failNextJobAfter = rows;
        this.failNextJobMessage = message;
    }

    Job get(String id) {
        return jobs.get(id);
    }

    List<Job> all() {
        return List.copyOf(jobs.values());
    }

    ResponseDefinitionBuilder create(Request request) {
        JsonNode body;
        try {
            body = JSON.readTree(request.getBodyAsString());
        } catch (Exception e) {
            return FakeSalesforce.builderErrors(400, "JSON_PARSER_ERROR", "cannot parse the request body");
        }
        String operation = body.path("operation").asText("");
        if (!Set.of("insert", "update", "upsert", "delete").contains(operation)) {
            return FakeSalesforce.builderErrors(400, "INVALIDJOB", "InvalidJob : Invalid operation: " + operation);
        }
        if (body.path("object").asText("").isBlank()) {
            return FakeSalesforce.builderErrors(400, "INVALIDJOB", "InvalidJob : object is required");
        }
        if (!"CSV".equals(body.path("contentType").asText("CSV")) || !"LF".equals(body.path("lineEnding").asText("LF"))) {
            return FakeSalesforce.builderErrors(400, "INVALIDJOB", "InvalidJob : the plugin must send contentType CSV and lineEnding LF");
        }
        if (operation.equals("upsert") && body.path("externalIdFieldName").asText("").isBlank()) {
            return FakeSalesforce.builderErrors(400, "INVALIDJOB", "InvalidJob : externalIdFieldName is required for upsert");
        }
        String id = "750FAKE" + String.format("%08d", jobs.size() + 1) + "AAA";
        Job job = new Job(id, body.path("object").asText(), operation, body.path("externalIdFieldName").asText(null));
        jobs.put(id, job);
        return FakeSalesforce.json(200, info(job));
    }

    ResponseDefinitionBuilder handle(Request request, Job job, String part) {
        String method = request.getMethod().value();
        if (part.equals("batches") && method.equals("PUT")) {
            String contentType = request.getHeader("Content-Type");
            if (contentType == null || !contentType.startsWith("text/csv")) {
                return FakeSalesforce.builderErrors(400, "INVALIDBATCH", "InvalidBatch : content type must be text/csv");
            }
            if (!job.state.equals("Open")) {
                return FakeSalesforce.builderErrors(409, "INVALIDJOBSTATE", "Job is not open for upload; state " + job.state);
            }
            job.csv = request.getBodyAsString();
            return new ResponseDefinitionBuilder().withStatus(201);
        }
        if (part.isEmpty() && method.equals("PATCH")) {
            String state = readState(request);
            if (state.equals("UploadComplete")) {
                if (!job.state.equals("Open") || job.csv == null) {
                    return FakeSalesforce.builderErrors(400, "INVALIDJOBSTATE", "no data uploaded or job not open");
                }
                process(job);
            } else if (state.equals("Aborted")) {
                if (!Set.of("JobComplete", "Failed").contains(job.state)) {
                    job.state = "Aborted";
                }
            } else {
                return FakeSalesforce.builderErrors(400, "INVALIDJOBSTATE", "cannot set state " + state);
            }
            return FakeSalesforce.json(200, info(job));
        }
        if (part.isEmpty() && method.equals("GET")) {
            if (job.state.equals("InProgress") || job.state.equals("UploadComplete")) {
                if (job.pollsLeft <= 0) {
                    job.state = job.errorMessage != null ? "Failed" : "JobComplete";
                } else if (job.pollsLeft != Integer.MAX_VALUE) {
                    job.pollsLeft--;
                    job.state = "InProgress";
                } else {
                    job.state = "InProgress";
                }
            }
            return FakeSalesforce.json(200, info(job));
        }
        if (method.equals("GET") && Set.of("successfulResults", "failedResults", "unprocessedrecords").contains(part)) {
            if (!Set.of("JobComplete", "Failed", "Aborted").contains(job.state)) {
                return FakeSalesforce.builderErrors(400, "INVALIDJOBSTATE", "results are available once the job is done");
            }
            List<String> header = new ArrayList<>();
            List<List<String>> rows = switch (part) {
                case "successfulResults" -> {
                    header.addAll(List.of("sf__Id", "sf__Created"));
                    yield job.successful;
                }
                case "failedResults" -> {
                    header.addAll(List.of("sf__Id", "sf__Error"));
                    yield job.failed;
                }
                default -> job.unprocessed;
            };
            header.addAll(job.header);
            List<List<String>> reversed = new ArrayList<>(rows);
            Collections.reverse(reversed);
            return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "text/csv")
                    .withBody(CsvCodec.write(header, reversed));
        }
        return FakeSalesforce.builderErrors(404, "NOT_FOUND", "The requested resource does not exist");
    }

    private static String readState(Request request) {
        try {
            return JSON.readTree(request.getBodyAsString()).path("state").asText("");
        } catch (Exception e) {
            return "";
        }
    }

    /** Applies every row now; the job reports InProgress for a few polls and then its final state. */
    private void process(Job job) {
        CsvCodec.Table table = CsvCodec.parse(job.csv);
        job.header = table.header();
        job.state = "UploadComplete";
        job.pollsLeft = pollsBeforeDone;
        int limit = failNextJobAfter >= 0 ? failNextJobAfter : Integer.MAX_VALUE;
        if (failNextJobAfter >= 0) {
            job.errorMessage = failNextJobMessage;
            failNextJobAfter = -1;
        }
        FakeOrgData.Op op = FakeOrgData.Op.valueOf(job.operation.toUpperCase(Locale.ROOT));
        int processed = 0;
        for (List<String> row : table.rows()) {
            if (processed++ >= limit) {
                job.unprocessed.add(row);
                continue;
            }
            ObjectNode fields = JSON.createObjectNode();
            for (int c = 0; c < table.header().size(); c++) {
                String v = CsvCodec.Table.cell(row, c);
                if (v.equals("#N/A")) {
                    fields.putNull(table.header().get(c));
                } else if (!v.isEmpty()) {
                    fields.put(table.header().get(c), v);
                }
            }
            ObjectNode result = org.apply(op, job.object, job.externalId, fields);
            List<String> out = new ArrayList<>();
            out.add(result.path("id").asText(""));
            if (result.path("success").asBoolean()) {
                out.add(String.valueOf(op == FakeOrgData.Op.INSERT || result.path("created").asBoolean(false)));
                out.addAll(row);
                job.successful.add(out);
            } else {
                JsonNode e = result.path("errors").get(0);
                List<String> errorFields = new ArrayList<>();
                e.path("fields").forEach(f -> errorFields.add(f.asText()));
                out.add(e.path("statusCode").asText() + ":" + e.path("message").asText() + ":" + String.join(",", errorFields) + " --");
                out.addAll(row);
                job.failed.add(out);
            }
        }
    }

    private ObjectNode info(Job job) {
        ObjectNode info = JSON.createObjectNode()
                .put("id", job.id)
                .put("operation", job.operation)
                .put("object", job.object)
                .put("createdById", "005FAKE0000001AAA")
                .put("state", job.state)
                .put("concurrencyMode", "Parallel")
                .put("contentType", "CSV")
                .put("apiVersion", 62.0)
                .put("lineEnding", "LF")
                .put("columnDelimiter", "COMMA")
                .put("numberRecordsProcessed", job.successful.size() + job.failed.size())
                .put("numberRecordsFailed", job.failed.size());
        if (job.externalId != null) {
            info.put("externalIdFieldName", job.externalId);
        }
        if ("Failed".equals(job.state) && job.errorMessage != null) {
            info.put("errorMessage", job.errorMessage);
        }
        return info;
    }
}
