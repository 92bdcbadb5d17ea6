package io.sluice.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What changed between two payloads sent for one record, field by field (top-level fields of JSON objects; any
 * other JSON is compared whole). Nested values are shown as compact JSON.
 */
public final class PayloadDiff {
    private PayloadDiff() {
    }

    /** One changed field; {@code before} or {@code after} is null when the field was added or removed. */
    public record Change(String field, String before, String after, String kind) {
    }

    /** The changes from {@code before} to {@code after}; empty when equal or when either is missing. */
    public static List<Change> between(JsonNode before, JsonNode after) {
        List<Change> changes = new ArrayList<>();
        if (before == null || after == null || before.isNull() || after.isNull() || before.equals(after)) {
            return changes;
        }
        if (!before.isObject() || !after.isObject()) {
            changes.add(new Change("(payload)", before.toString(), after.toString(), "changed"));
            return changes;
        }
        TreeSet<String> fields = new TreeSet<>();
        before.fieldNames().forEachRemaining(fields::add);
        after.fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
            JsonNode was = before.get(field);
            JsonNode is = after.get(field);
            if (was == null) {
                changes.add(new Change(field, null, text(is), "added"));
            } else if (is == null) {
                changes.add(new Change(field, text(was), null, "removed"));
            } else if (!was.equals(is)) {
                changes.add(new Change(field, text(was), text(is), "changed"));
            }
        }
        return changes;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : node.toString();
    }
}
