package io.sluice.plugins.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The records of the fake org and how one write changes them, shared by sObject Collections and Bulk API 2.0:
 * each write gives a SaveResult ({@code {"id", "success", "errors": [{"statusCode", "message", "fields"}]}},
 * plus {@code created} for upserts). Not thread-safe: {@link FakeSalesforce} calls it under its lock.
 */
final class FakeOrgData {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a write does. */
    enum Op { INSERT, UPDATE, UPSERT, DELETE }

    private final Map<String, Map<String, ObjectNode>> store = new HashMap<>();
    private final Set<String> rejected = new HashSet<>();
    private final Map<String, List<String>> required = new HashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    void reset() {
        store.clear();
        rejected.clear();
        required.clear();
    }

    void reject(String value) {
        rejected.add(value);
    }

    void require(String object, String field) {
        required.computeIfAbsent(object, o -> new ArrayList<>()).add(field);
    }

    String seed(String object, ObjectNode fields) {
        String id = newId(object);
        ObjectNode copy = fields.deepCopy();
        copy.put("Id", id);
        records(object).put(id, copy);
        return id;
    }

    Map<String, ObjectNode> records(String object) {
        return store.computeIfAbsent(object, o -> new LinkedHashMap<>());
    }

    /** One record's SaveResult / UpsertResult / DeleteResult. */
    ObjectNode apply(Op op, String object, String externalId, ObjectNode fields) {
        String id = text(field(fields, "Id"));
        for (JsonNode v : fields) {
            if (v.isValueNode() && rejected.contains(v.asText())) {
                return failure(id, "FIELD_CUSTOM_VALIDATION_EXCEPTION", "rejected by the fake org", List.of());
            }
        }
        switch (op) {
            case INSERT -> {
                if (id != null) {
                    return failure(null, "INVALID_FIELD_FOR_INSERT_UPDATE", "cannot specify Id in an insert call", List.of("Id"));
                }
                ObjectNode problem = missingRequired(object, fields);
                if (problem != null) {
                    return problem;
                }
                String newId = newId(object);
                fields.put("Id", newId);
                records(object).put(newId, fields);
                return success(newId, null);
            }
            case UPDATE -> {
                if (id == null) {
                    return failure(null, "MISSING_ARGUMENT", "Id not specified in an update call", List.of());
                }
                ObjectNode existing = object == null ? null : records(object).get(id);
                if (existing == null) {
                    return failure(id, "ENTITY_IS_DELETED", "entity is deleted", List.of());
                }
                fields.properties().forEach(e -> existing.set(e.getKey().equalsIgnoreCase("Id") ? "Id" : e.getKey(), e.getValue()));
                return success(id, null);
            }
            case UPSERT -> {
                if (id != null) {
                    return failure(null, "INVALID_FIELD", "Id is not allowed in an upsert on an external id", List.of("Id"));
                }
                String key = text(field(fields, externalId));
                if (key == null) {
                    return failure(null, "MISSING_ARGUMENT", externalId + " not specified", List.of(externalId));
                }
                for (ObjectNode existing : records(object).values()) {
                    if (key.equals(text(field(existing, externalId)))) {
                        fields.properties().forEach(e -> existing.set(e.getKey(), e.getValue()));
                        return success(existing.path("Id").asText(), false);
                    }
                }
                ObjectNode problem = missingRequired(object, fields);
                if (problem != null) {
                    return problem;
                }
                String newId = newId(object);
                fields.put("Id", newId);
                records(object).put(newId, fields);
                return success(newId, true);
            }
            case DELETE -> {
                for (Map<String, ObjectNode> records : store.values()) {
                    if (records.remove(id) != null) {
                        return success(id, null);
                    }
                }
                return failure(id, "ENTITY_IS_DELETED", "entity is deleted", List.of());
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private ObjectNode missingRequired(String object, ObjectNode fields) {
        for (String f : required.getOrDefault(object, List.of())) {
            JsonNode v = field(fields, f);
            if (v == null || v.isNull() || v.asText().isEmpty()) {
                return failure(null, "REQUIRED_FIELD_MISSING", "Required fields are missing: [" + f + "]", List.of(f));
            }
        }
        return null;
    }

    private String newId(String object) {
        String prefix = object == null ? "001" : switch (object) {
            case "Contact" -> "003";
            case "Account" -> "001";
            case "Lead" -> "00Q";
            default -> "a0X";
        };
        return prefix + String.format("%012d", ids.incrementAndGet()) + "AAA";
    }

    static ObjectNode success(String id, Boolean created) {
        ObjectNode r = JSON.createObjectNode().put("id", id).put("success", true);
        r.putArray("errors");
        if (created != null) {
            r.put("created", created);
        }
        return r;
    }

    static ObjectNode failure(String id, String code, String message, List<String> fields) {
        ObjectNode r = JSON.createObjectNode();
        if (id != null) {
            r.put("id", id);
        }
        r.put("success", false);
        ObjectNode error = r.putArray("errors").addObject().put("statusCode", code).put("message", message);
        fields.forEach(error.putArray("fields")::add);
        if (fields.isEmpty()) {
            error.putArray("fields");
        }
        return r;
    }

    static JsonNode field(JsonNode record, String name) {
        if (name == null) {
            return null;
        }
        for (Map.Entry<String, JsonNode> e : record.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    static String text(JsonNode v) {
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

}
