package io.sluice.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.OutboundRecord;
import io.sluice.state.StagedRecord;
import io.sluice.template.TemplateException;
import io.sluice.template.TemplateRenderer;
import java.util.Map;

/**
 * Turns a staged row into what the plugin receives: the transformed record parsed from the warehouse's JSON,
 * or, for template syncs, the payload rendered from {@code row}. Rendering errors become a
 * {@link TransformException} with the template's message and line.
 */
final class RecordPreparer {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Reads warehouse text that may carry NaN/Infinity (DuckDB writes them bare) so the field can be named. */
    private static final ObjectMapper LENIENT = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {
    };

    private final TemplateRenderer.Compiled template;

    /** @param template the sync's compiled template, or {@code null} for mapping syncs */
    RecordPreparer(TemplateRenderer.Compiled template) {
        this.template = template;
    }

    boolean rendersTemplate() {
        return template != null;
    }

    OutboundRecord prepare(StagedRecord r) {
        ObjectNode previous = r.prevRecord() == null ? null : payload(r.prevRecord());
        ObjectNode record = r.record() == null ? previous : payload(r.record());
        return new OutboundRecord(r.identifier(), r.action(), record, previous, r.prevAppIdentifier());
    }

    private ObjectNode payload(String warehouseJson) {
        if (template == null) {
            return parseObject(warehouseJson, "the warehouse returned a record that is not a JSON object");
        }
        Map<String, Object> row;
        try {
            row = JSON.readValue(warehouseJson, ROW);
        } catch (JsonProcessingException e) {
            throw new TransformException("source row is not valid JSON: " + e.getOriginalMessage(), -1);
        }
        String rendered;
        try {
            rendered = template.render(Map.of("row", row));
        } catch (TemplateException e) {
            throw new TransformException(e.getMessage(), e.line());
        }
        return parseObject(rendered, "the template did not render a JSON object");
    }

    private static ObjectNode parseObject(String json, String problem) {
        try {
            JsonNode node = LENIENT.readTree(json);
            if (node instanceof ObjectNode o) {
                nonFinite(o, "").ifPresent(field -> {
                    throw new TransformException("field '" + field + "' is NaN or Infinity, which JSON cannot represent; "
                            + "map it to NULL or a string (e.g. CASE WHEN isnan(x) OR isinf(x) THEN NULL ELSE x END)", -1);
                });
                return o;
            }
            throw new TransformException(problem + ": " + abbreviate(json), -1);
        } catch (JsonProcessingException e) {
            throw new TransformException(problem + ": " + e.getOriginalMessage(), e.getLocation() == null ? -1 : e.getLocation().getLineNr());
        }
    }

    /** The path of the first NaN or infinite number in a record, if any. */
    private static java.util.Optional<String> nonFinite(JsonNode node, String path) {
        if (node.isNumber()) {
            return node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue()) ? java.util.Optional.of(path) : java.util.Optional.empty();
        }
        java.util.Iterator<java.util.Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            java.util.Map.Entry<String, JsonNode> e = fields.next();
            java.util.Optional<String> found = nonFinite(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
            if (found.isPresent()) {
                return found;
            }
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            java.util.Optional<String> found = nonFinite(node.get(i), path + "[" + i + "]");
            if (found.isPresent()) {
                return found;
            }
        }
        return java.util.Optional.empty();
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** The record could not be transformed; becomes {@code SOURCE_FAILURE} / {@code TRANSFORM_ERROR}. */
    static final class TransformException extends RuntimeException {
        final int line;

        TransformException(String message, int line) {
            super(message);
            this.line = line;
        }
    }
}
