package io.sluice.plugins.salesforce;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.RecordOutcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the result files of a finished Bulk API 2.0 ingest job into one outcome per record, matching rows by
 * the key columns of {@link BulkRows} (the order of result rows is not guaranteed):
 * <ul>
 *   <li>{@code successfulResults} ({@code sf__Id}, {@code sf__Created}, original columns): success, app identifier
 *       {@code sf__Id}; result {@code {"id", "success": true, "created", "bulkJobId"}};</li>
 *   <li>{@code failedResults} ({@code sf__Id}, {@code sf__Error}, original columns): failure with
 *       {@code errors: [{"statusCode", "message", "fields"}]} read from {@code sf__Error}
 *       ({@code CODE:message:field,field --}), the raw text kept in {@code sf__Error};</li>
 *   <li>{@code unprocessedrecords} (original columns; the job failed or was aborted): failure with
 *       {@code "retryable": true};</li>
 *   <li>a record in none of them: failure with {@code "retryable": true}.</li>
 * </ul>
 */
final class BulkResultMapper {
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Z][A-Z_]*");
    private static final Pattern FIELD_LIST = Pattern.compile("\\s*[A-Za-z0-9_.]+(\\s*,\\s*[A-Za-z0-9_.]+)*\\s*");

    /** A finished job as {@code GET jobs/ingest/<id>} described it. */
    record Job(String id, String state, String errorMessage) {
    }

    List<RecordOutcome> map(List<Write> writes, BulkRows rows, Job job, CsvCodec.Table successful, CsvCodec.Table failed,
                            CsvCodec.Table unprocessed, String usage) {
        RecordOutcome[] outcomes = new RecordOutcome[writes.size()];
        match(rows, successful, outcomes, (i, row) -> success(writes.get(i), row, successful, job, usage));
        match(rows, failed, outcomes, (i, row) -> failure(writes.get(i), row, failed, job, usage));
        match(rows, unprocessed, outcomes, (i, row) -> RecordOutcome.transientFailure(writes.get(i).identifier(),
                base(job, usage).put("success", false).put("retryable", true)
                        .put("error", "not processed: bulk job " + job.id() + " ended " + job.state() + describe(job.errorMessage()))));
        List<RecordOutcome> out = new ArrayList<>(writes.size());
        for (int i = 0; i < outcomes.length; i++) {
            out.add(outcomes[i] != null ? outcomes[i] : RecordOutcome.transientFailure(writes.get(i).identifier(),
                    base(job, usage).put("success", false).put("retryable", true)
                            .put("error", "bulk job " + job.id() + " (" + job.state() + describe(job.errorMessage()) + ") returned no result row for this record")));
        }
        return out;
    }

    private interface RowOutcome {
        RecordOutcome of(int write, List<String> row);
    }

    /** Gives each row of {@code table} to the first unanswered record with the same key. */
    private static void match(BulkRows rows, CsvCodec.Table table, RecordOutcome[] outcomes, RowOutcome outcome) {
        if (table.rows().isEmpty()) {
            return;
        }
        List<String> columns = rows.keyColumns().stream().filter(c -> table.column(c) >= 0).toList();
        if (columns.isEmpty()) {
            return;
        }
        Map<List<String>, Deque<Integer>> waiting = new HashMap<>();
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                waiting.computeIfAbsent(rows.key(i, columns), k -> new ArrayDeque<>()).add(i);
            }
        }
        int[] at = columns.stream().mapToInt(table::column).toArray();
        for (List<String> row : table.rows()) {
            List<String> key = new ArrayList<>(at.length);
            for (int c : at) {
                key.add(CsvCodec.Table.cell(row, c));
            }
            Deque<Integer> candidates = waiting.get(key);
            if (candidates != null && !candidates.isEmpty()) {
                int i = candidates.poll();
                outcomes[i] = outcome.of(i, row);
            }
        }
    }

    private static RecordOutcome success(Write write, List<String> row, CsvCodec.Table table, Job job, String usage) {
        String id = CsvCodec.Table.cell(row, table.column("sf__Id"));
        ObjectNode result = base(job, usage).put("success", true);
        if (!id.isBlank()) {
            result.put("id", id);
        }
        String created = CsvCodec.Table.cell(row, table.column("sf__Created"));
        if (!created.isBlank()) {
            result.put("created", Boolean.parseBoolean(created));
        }
        result.putArray("errors");
        return RecordOutcome.success(write.identifier(), result, id.isBlank() ? write.id() : id);
    }

    private static RecordOutcome failure(Write write, List<String> row, CsvCodec.Table table, Job job, String usage) {
        String id = CsvCodec.Table.cell(row, table.column("sf__Id"));
        String error = CsvCodec.Table.cell(row, table.column("sf__Error"));
        ObjectNode result = base(job, usage).put("success", false);
        if (!id.isBlank()) {
            result.put("id", id);
        }
        result.putArray("errors").add(error(error));
        result.put("sf__Error", error);
        return RecordOutcome.rejected(write.identifier(), result);
    }

    /** {@code REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --} as a collections-style error. */
    static ObjectNode error(String raw) {
        String text = raw.strip();
        if (text.endsWith("--")) {
            text = text.substring(0, text.length() - 2).strip();
        }
        ObjectNode error = Json.NODES.objectNode();
        int colon = text.indexOf(':');
        String rest = text;
        if (colon > 0 && ERROR_CODE.matcher(text.substring(0, colon)).matches()) {
            error.put("statusCode", text.substring(0, colon));
            rest = text.substring(colon + 1);
        }
        ArrayNode fields = Json.NODES.arrayNode();
        int last = rest.lastIndexOf(':');
        if (last >= 0) {
            String tail = rest.substring(last + 1);
            if (tail.isBlank() || FIELD_LIST.matcher(tail).matches()) {
                for (String f : tail.split(",")) {
                    if (!f.isBlank()) {
                        fields.add(f.strip());
                    }
                }
                rest = rest.substring(0, last);
            }
        }
        error.put("message", rest.strip());
        error.set("fields", fields);
        return error;
    }

    private static ObjectNode base(Job job, String usage) {
        ObjectNode result = Json.NODES.objectNode().put("bulkJobId", job.id());
        return CollectionsResponseMapper.withUsage(result, usage);
    }

    private static String describe(String errorMessage) {
        return errorMessage == null || errorMessage.isBlank() ? "" : ": " + errorMessage;
    }
}
