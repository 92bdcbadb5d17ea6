package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@code monitoring.coreos.com/v1 PrometheusRule} offline against the fields of the Prometheus Operator's
 * CRD (v0.7x): known fields only at each level, required ones present, JSON types, durations in Prometheus' syntax,
 * and each rule either an alert or a recording rule with an expression.
 */
final class PrometheusRuleSchema {
    static final String TYPE = "monitoring.coreos.com/v1 PrometheusRule";
    private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> METADATA = Set.of("name", "namespace", "labels", "annotations");
    private static final Set<String> SPEC = Set.of("groups");
    private static final Set<String> GROUP = Set.of("name", "interval", "rules", "partial_response_strategy", "limit", "query_offset", "labels");
    private static final Set<String> RULE = Set.of("alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations");
    private static final Pattern DURATION = Pattern.compile("(([0-9]+)(ms|s|m|h|d|w|y))+");

    private PrometheusRuleSchema() {
    }

    static List<String> problems(String where, JsonNode rule) {
        List<String> problems = new ArrayList<>();
        known(where, rule, TOP, problems);
        known(where + " metadata", rule.path("metadata"), METADATA, problems);
        if (rule.path("metadata").path("name").asText().isBlank()) {
            problems.add(where + ": metadata.name is required");
        }
        known(where + " spec", rule.path("spec"), SPEC, problems);
        JsonNode groups = rule.path("spec").path("groups");
        if (!groups.isArray() || groups.isEmpty()) {
            problems.add(where + ": spec.groups must be a non-empty list");
            return problems;
        }
        for (JsonNode group : groups) {
            String g = where + " group '" + group.path("name").asText() + "'";
            known(g, group, GROUP, problems);
            if (!group.path("name").isTextual()) {
                problems.add(g + ": name is required");
            }
            if (!group.path("rules").isArray()) {
                problems.add(g + ": rules must be a list");
                continue;
            }
            for (JsonNode r : group.path("rules")) {
                ruleProblems(g, r, problems);
            }
        }
        return problems;
    }

    private static void ruleProblems(String group, JsonNode r, List<String> problems) {
        String name = r.has("alert") ? r.path("alert").asText() : r.path("record").asText();
        String w = group + " rule '" + name + "'";
        known(w, r, RULE, problems);
        if (r.has("alert") == r.has("record")) {
            problems.add(w + ": exactly one of alert and record");
        }
        if (!r.path("expr").isTextual() || r.path("expr").asText().isBlank()) {
            problems.add(w + ": expr must be a non-empty string");
        }
        for (String d : List.of("for", "keep_firing_for")) {
            if (r.has(d) && !DURATION.matcher(r.path(d).asText()).matches()) {
                problems.add(w + ": " + d + " '" + r.path(d).asText() + "' is not a Prometheus duration");
            }
        }
        for (String map : List.of("labels", "annotations")) {
            if (r.has(map)) {
                r.path(map).fields().forEachRemaining(e -> {
                    if (!e.getValue().isTextual()) {
                        problems.add(w + ": " + map + "." + e.getKey() + " must be a string");
                    }
                });
            }
        }
    }

    private static void known(String where, JsonNode node, Set<String> fields, List<String> problems) {
        if (!node.isObject()) {
            problems.add(where + ": must be an object");
            return;
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!fields.contains(f)) {
                problems.add(where + ": '" + f + "' is not a field here; known: " + fields);
            }
        });
    }
}
