package io.sluice.plugins.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Turns a transformed record into HubSpot's {@code properties}, a map of property names to strings (the
 * {@code SimplePublicObjectInput.properties} type of the CRM v3 API): text stays text, numbers are written in
 * plain notation ({@code 12.50}, never {@code 1.2E1}), booleans as {@code true}/{@code false}, {@code null} as
 * {@code ""} (which clears the property in HubSpot), and an array of values as the values joined by {@code ;}
 * (HubSpot's format for multiple checkboxes). A nested object cannot be a property value.
 */
final class PropertyValues {
    private PropertyValues() {
    }

    /** Why the record cannot be written as properties; empty when it can. */
    static List<String> problems(ObjectNode record) {
        List<String> problems = new ArrayList<>();
        if (record == null) {
            return problems;
        }
        record.properties().forEach(e -> {
            JsonNode v = e.getValue();
            boolean nested = v.isObject();
            if (v.isArray()) {
                for (JsonNode element : v) {
                    nested |= element.isContainerNode();
                }
            }
            if (nested) {
                problems.add("property '" + e.getKey() + "' holds a nested " + (v.isObject() ? "object" : "array")
                        + "; HubSpot properties are single values (an array of values is sent joined by ';')");
            }
        });
        return problems;
    }

    /** The record's fields as HubSpot properties, without {@code exclude} (may be null). */
    static ObjectNode toProperties(ObjectNode record, String exclude) {
        ObjectNode out = Json.NODES.objectNode();
        if (record != null) {
            record.properties().forEach(e -> {
                if (!e.getKey().equals(exclude)) {
                    out.put(e.getKey(), text(e.getValue()));
                }
            });
        }
        return out;
    }

    /** One value as HubSpot text; {@code null} for a missing field. */
    static String text(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return null;
        }
        if (value.isNull()) {
            return "";
        }
        if (value.isArray()) {
            StringJoiner joined = new StringJoiner(";");
            value.forEach(v -> joined.add(text(v)));
            return joined.toString();
        }
        if (value.isNumber() && !value.isIntegralNumber()) {
            return value.decimalValue().toPlainString();
        }
        return value.asText();
    }

    /** The record's value for {@code property} as text, or {@code null} when absent or blank. */
    static String nonBlank(ObjectNode record, String property) {
        String text = record == null ? null : text(record.get(property));
        return text == null || text.isBlank() ? null : text;
    }
}
