package io.sluice.sync;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sluice.plugin.Durations;
import io.sluice.plugin.RateLimitOverride;
import io.sluice.plugin.RateLimitProperties;
import io.sluice.plugin.Strategy;
import io.sluice.warehouse.SqlExpressionGuard;
import io.sluice.warehouse.SqlNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Parses one sync file (YAML) into a {@link SyncDefinition}, collecting every problem with its field path.
 * Pure: no I/O besides the text it is given, no knowledge of configured warehouses or connections.
 */
public final class SyncFileParser {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern FIELD_NAME = Pattern.compile("[^\\x00-\\x1f]{1,255}");
    private static final Set<String> TOP = Set.of("slug", "source", "target", "strategy", "mapping", "template", "schedule",
            "after", "time-limit", "tuning", "description");
    private static final Set<String> SOURCE = Set.of("warehouse", "table", "query", "id-column", "filter");
    private static final Set<String> TARGET = Set.of("connection", "object", "options");
    private static final Set<String> TUNING = Set.of("batch-size", "concurrency", "rate-limits");

    private final Duration defaultTimeLimit;

    public SyncFileParser(Duration defaultTimeLimit) {
        this.defaultTimeLimit = defaultTimeLimit;
    }

    public SyncDefinition parse(String file, String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new SyncFileException(List.of(new SyncProblem(file, null, "is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"))));
        }
        Problems p = new Problems(file);
        if (root == null || !root.isObject()) {
            p.add(null, "must be a YAML mapping with slug, source, target, strategy and mapping or template");
            throw p.exception();
        }
        p.unknownFields(root, "", TOP);

        String slug = p.text(root, "slug", true);
        if (slug != null && !SLUG.matcher(slug).matches()) {
            p.add("slug", "'" + slug + "' must be lower-case letters, digits and '-' (at most 63), starting with a letter or digit");
        }
        SyncDefinition.Source source = source(root.get("source"), p);
        SyncDefinition.Target target = target(root.get("target"), p);

        Strategy strategy = null;
        String strategyText = p.text(root, "strategy", true);
        if (strategyText != null) {
            try {
                strategy = Strategy.parse(strategyText);
            } catch (IllegalArgumentException e) {
                p.add("strategy", e.getMessage());
            }
        }

        TreeMap<String, String> mapping = mapping(root.get("mapping"), p);
        String template = p.text(root, "template", false);
        // decided on what the file sets, not on what parsed: a mapping whose only field is rejected is one mistake
        boolean hasMapping = present(root, "mapping");
        boolean hasTemplate = present(root, "template");
        if (!hasMapping && !hasTemplate) {
            p.add("mapping", "a sync needs either 'mapping' (app field: column or SQL expression) or 'template' (Jinja)");
        } else if (hasMapping && hasTemplate) {
            p.add("template", "use either 'mapping' or 'template', not both");
        }

        String schedule = p.text(root, "schedule", false);
        List<String> after = after(root.get("after"), p);
        Duration timeLimit = defaultTimeLimit;
        String limitText = p.text(root, "time-limit", false);
        if (limitText != null) {
            try {
                timeLimit = Durations.parse(limitText);
                if (timeLimit.isNegative() || timeLimit.isZero()) {
                    p.add("time-limit", "must be positive, was '" + limitText + "'");
                }
            } catch (IllegalArgumentException e) {
                p.add("time-limit", "'" + limitText + "' is not a duration (e.g. 30m, 4h, PT2H)");
            }
        }
        SyncDefinition.Tuning tuning = tuning(root.get("tuning"), p);
        p.throwIfAny();
        return new SyncDefinition(slug, file, source, target, strategy, mapping, template, schedule, after, timeLimit, tuning);
    }

    private static SyncDefinition.Source source(JsonNode node, Problems p) {
        if (node == null || !node.isObject()) {
            p.add("source", node == null ? "is required" : "must be a mapping with warehouse, table or query, and id-column");
            return null;
        }
        p.unknownFields(node, "source.", SOURCE);
        String warehouse = p.text(node, "source.warehouse", "warehouse", false);
        String table = p.text(node, "source.table", "table", false);
        String query = p.text(node, "source.query", "query", false);
        String idColumn = p.text(node, "source.id-column", "id-column", true);
        String filter = p.text(node, "source.filter", "filter", false);
        if (present(node, "table") == present(node, "query")) {
            p.add("source", "set exactly one of 'table' or 'query'");
        }
        if (table != null && !SqlNames.isQualifiedName(table)) {
            p.add("source.table", "'" + table + "' is not a table name (letters, digits, '_' and '$', up to three dot-separated parts)");
        }
        if (query != null) {
            SqlExpressionGuard.problem(query).ifPresent(r -> p.add("source.query", r));
        }
        if (idColumn != null && !SqlNames.isIdentifier(idColumn)) {
            p.add("source.id-column", "'" + idColumn + "' is not a plain column name");
        }
        if (filter != null) {
            SqlExpressionGuard.problem(filter).ifPresent(r -> p.add("source.filter", r));
        }
        return new SyncDefinition.Source(warehouse == null ? "default" : warehouse, table, query, idColumn, filter);
    }

    /** Whether the file sets {@code field} at all (a value that is then rejected still counts as set). */
    private static boolean present(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull() && !(v.isTextual() && v.asText().isBlank());
    }

    private static SyncDefinition.Target target(JsonNode node, Problems p) {
        if (node == null || !node.isObject()) {
            p.add("target", node == null ? "is required" : "must be a mapping with connection and object");
            return null;
        }
        p.unknownFields(node, "target.", TARGET);
        String connection = p.text(node, "target.connection", "connection", true);
        String object = p.text(node, "target.object", "object", false);
        Map<String, String> options = new LinkedHashMap<>();
        JsonNode opts = node.get("options");
        if (opts != null && !opts.isNull()) {
            if (!opts.isObject()) {
                p.add("target.options", "must be a mapping of option names to values");
            } else {
                opts.fields().forEachRemaining(e -> {
                    if (e.getValue().isContainerNode()) {
                        p.add("target.options." + e.getKey(), "must be a single value");
                    } else {
                        options.put(e.getKey(), e.getValue().asText());
                    }
                });
            }
        }
        return new SyncDefinition.Target(connection, object, options);
    }

    private static TreeMap<String, String> mapping(JsonNode node, Problems p) {
        TreeMap<String, String> mapping = new TreeMap<>();
        if (node == null || node.isNull()) {
            return mapping;
        }
        if (!node.isObject() || node.isEmpty()) {
            p.add("mapping", "must be a non-empty mapping of app field to column or SQL expression");
            return mapping;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "mapping." + e.getKey();
            if (!FIELD_NAME.matcher(e.getKey()).matches()) {
                p.add(field, "app field names must be 1 to 255 printable characters");
                continue;
            }
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                p.add(field, "must be a column name or SQL expression");
                continue;
            }
            String expr = e.getValue().asText().trim();
            Optional<String> problem = SqlExpressionGuard.problem(expr);
            if (problem.isPresent()) {
                p.add(field, "expression '" + expr + "' " + problem.get());
            } else {
                mapping.put(e.getKey(), expr);
            }
        }
        return mapping;
    }

    private static List<String> after(JsonNode node, Problems p) {
        List<String> after = new ArrayList<>();
        if (node == null || node.isNull()) {
            return after;
        }
        if (node.isTextual()) {
            after.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(n -> after.add(n.asText()));
        } else {
            p.add("after", "must be a sync slug or a list of slugs");
        }
        return after;
    }

    private static SyncDefinition.Tuning tuning(JsonNode node, Problems p) {
        if (node == null || node.isNull()) {
            return SyncDefinition.Tuning.DEFAULT;
        }
        if (!node.isObject()) {
            p.add("tuning", "must be a mapping with batch-size and/or concurrency");
            return SyncDefinition.Tuning.DEFAULT;
        }
        p.unknownFields(node, "tuning.", TUNING);
        return new SyncDefinition.Tuning(p.positiveInt(node, "tuning.batch-size", "batch-size"),
                p.positiveInt(node, "tuning.concurrency", "concurrency"), rateLimits(node.get("rate-limits"), p));
    }

    /**
     * {@code tuning.rate-limits}: categories as on a connection ({@code <category>: {rates, methods, url, order}}),
     * read by the same rules ({@link RateLimitProperties}).
     */
    private static List<RateLimitOverride> rateLimits(JsonNode node, Problems p) {
        String field = "tuning.rate-limits";
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isObject()) {
            p.add(field, "must be a mapping of category to {rates, methods, url}, e.g. api: {rates: 10/s}");
            return List.of();
        }
        Map<String, String> flat = new TreeMap<>();
        for (Map.Entry<String, JsonNode> category : node.properties()) {
            if (!category.getValue().isObject()) {
                p.add(field + "." + category.getKey(), "must be a mapping with rates (and optionally methods, url, order)");
                continue;
            }
            category.getValue().properties().forEach(a -> flat.put(category.getKey() + "." + a.getKey(),
                    a.getValue().isArray() ? String.join(",", a.getValue().valueStream().map(JsonNode::asText).toList()) : a.getValue().asText()));
        }
        try {
            return RateLimitProperties.parse(field, flat, RejectedSetting::new);
        } catch (RejectedSetting e) {
            p.add(e.key, e.getMessage());
            return List.of();
        }
    }

    /** A setting the rate-limit rules rejected: its full key and the reason. */
    private static final class RejectedSetting extends RuntimeException {
        private final String key;

        RejectedSetting(String key, String reason) {
            super(reason, null, false, false);
            this.key = key;
        }
    }

    /** Collects problems for one file. */
    private static final class Problems {
        private final String file;
        private final List<SyncProblem> list = new ArrayList<>();

        Problems(String file) {
            this.file = file;
        }

        void add(String field, String reason) {
            list.add(new SyncProblem(file, field, reason));
        }

        void unknownFields(JsonNode node, String prefix, Set<String> known) {
            node.fieldNames().forEachRemaining(f -> {
                if (!known.contains(f)) {
                    add(prefix + f, "unknown field; expected one of " + String.join(", ", new TreeSet<>(known)));
                }
            });
        }

        String text(JsonNode node, String field, boolean required) {
            return text(node, field, field, required);
        }

        String text(JsonNode node, String path, String field, boolean required) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
                if (required) {
                    add(path, "is required");
                }
                return null;
            }
            if (!v.isValueNode()) {
                add(path, "must be a single value");
                return null;
            }
            return v.asText().trim();
        }

        Integer positiveInt(JsonNode node, String path, String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
                add(path, "must be a whole number of at least 1, was '" + v.asText() + "'");
                return null;
            }
            return v.asInt();
        }

        SyncFileException exception() {
            return new SyncFileException(list);
        }

        void throwIfAny() {
            if (!list.isEmpty()) {
                throw exception();
            }
        }
    }
}
