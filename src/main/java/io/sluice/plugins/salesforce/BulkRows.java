package io.sluice.plugins.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CSV data of one Bulk API 2.0 ingest job, and how its result rows are matched back to records.
 *
 * <p>Columns: a delete job has only {@code Id}; an update job has {@code Id} and the fields; insert and upsert
 * jobs have the fields. A nested object (a relationship by external id, {@code {"Account": {"Ext__c": "A1"}}})
 * becomes a {@code Account.Ext__c} column, as "Relationship Fields in a Header Row" describes. Values: JSON
 * null is {@code #N/A} (Bulk API's way to set a field to null; an empty value would leave it unchanged on
 * update), an array is joined with {@code ;} (multi-select picklists), anything else is its text.
 *
 * <p>Correlation: Salesforce returns successful, failed and unprocessed rows with the original column values,
 * in no guaranteed order, and fails a job whose CSV has a column that is not a field, so no correlation
 * column can be added. Result rows are therefore matched by {@linkplain #keyColumns key columns}: {@code Id}
 * for update and delete, the external id field for upsert, every column for insert. Records with the same
 * key are interchangeable and are matched first come, first served.
 */
record BulkRows(List<String> header, List<List<String>> rows, List<String> keyColumns) {
    /** The Bulk API 2.0 value that sets a field to null. */
    static final String NULL = "#N/A";

    static BulkRows of(Operation operation, String externalIdField, List<Write> writes) {
        List<Map<String, String>> cells = new ArrayList<>(writes.size());
        Set<String> columns = new LinkedHashSet<>();
        if (operation == Operation.UPDATE || operation == Operation.DELETE) {
            columns.add("Id");
        }
        for (Write w : writes) {
            Map<String, String> row = new LinkedHashMap<>();
            if (operation == Operation.UPDATE || operation == Operation.DELETE) {
                row.put("Id", w.id());
            }
            if (operation != Operation.DELETE) {
                flatten("", w.fields(), row);
            }
            columns.addAll(row.keySet());
            cells.add(row);
        }
        List<String> header = List.copyOf(columns);
        List<List<String>> rows = cells.stream().map(r -> header.stream().map(c -> r.getOrDefault(c, "")).toList()).toList();
        List<String> key = switch (operation) {
            case UPDATE, DELETE -> List.of("Id");
            case UPSERT -> header.stream().filter(c -> c.equalsIgnoreCase(externalIdField)).findFirst().map(List::of).orElse(header);
            case INSERT -> header;
        };
        return new BulkRows(header, rows, key);
    }

    String csv() {
        return CsvCodec.write(header, rows);
    }

    /** The key of data row {@code row} over {@code columns} (a subset of the header). */
    List<String> key(int row, List<String> columns) {
        return columns.stream().map(c -> rows.get(row).get(header.indexOf(c))).toList();
    }

    private static void flatten(String prefix, JsonNode object, Map<String, String> out) {
        object.properties().forEach(e -> {
            String name = prefix + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flatten(name + ".", v, out);
            } else {
                out.put(name, cell(v));
            }
        });
    }

    static String cell(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "";
        }
        if (v.isNull()) {
            return NULL;
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(e -> parts.add(e.asText()));
            return parts.stream().collect(Collectors.joining(";"));
        }
        return v.asText();
    }
}
