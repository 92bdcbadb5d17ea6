package io.sluice.apps.runtime;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.apps.model.ResponseSpec;
import io.sluice.plugin.OutboundRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Finds the records of a batch answer's results and errors: by position, or by a key compared as text without case. */
final class BatchMatching {
    private BatchMatching() {
    }

    /** The per-record errors of a batch answer by the position of their record. */
    static Map<Integer, JsonNode> errors(ResponseSpec.Errors errors, List<OutboundRecord> sent, JsonNode document) {
        if (errors == null || document == null || !document.at(errors.at()).isArray()) {
            return Map.of();
        }
        Map<Integer, JsonNode> out = new HashMap<>();
        Map<String, Integer> positions = new HashMap<>();
        if (errors.key() != null) {
            for (int i = 0; i < sent.size(); i++) {
                String key = keyOf(sent.get(i), errors.key().record());
                if (key != null) {
                    positions.putIfAbsent(key, i);
                }
            }
        }
        for (JsonNode error : document.at(errors.at())) {
            Integer position = null;
            if (errors.index() != null && error.at(errors.index()).canConvertToInt()) {
                position = error.at(errors.index()).intValue();
            } else if (errors.key() != null) {
                position = positions.get(normalised(error.at(errors.key().result())));
            }
            if (position != null && position >= 0 && position < sent.size()) {
                out.putIfAbsent(position, error);
            }
        }
        return out;
    }

    /** The results by their key at {@code pointer}; the first of equal keys wins. */
    static Map<String, JsonNode> byKey(JsonNode results, JsonPointer pointer) {
        Map<String, JsonNode> out = new HashMap<>();
        results.forEach(r -> {
            String key = normalised(r.at(pointer));
            if (key != null) {
                out.putIfAbsent(key, r);
            }
        });
        return out;
    }

    /** The record's key field, or null; keys compare without case (apps lower-case emails). */
    static String keyOf(OutboundRecord record, String field) {
        return record.record() == null ? null : normalised(record.record().path(field));
    }

    private static String normalised(JsonNode value) {
        return value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText().toLowerCase(Locale.ROOT) : null;
    }
}
