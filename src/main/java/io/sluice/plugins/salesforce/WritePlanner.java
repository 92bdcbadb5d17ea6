package io.sluice.plugins.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.Action;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.PluginSettings;
import io.sluice.plugin.SyncTarget;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides, without I/O, what each record becomes in Salesforce, and what keeps it from being sent.
 *
 * <p>Mapping of actions (the sync's {@code target.options.external-id-field} set or not):
 * <table>
 *   <caption>action to operation</caption>
 *   <tr><th>action</th><th>no external id field</th><th>with external id field</th></tr>
 *   <tr><td>CREATE</td><td>create</td><td>upsert on the external id</td></tr>
 *   <tr><td>UPDATE</td><td>update by Id</td><td>upsert on the external id</td></tr>
 *   <tr><td>DELETE</td><td>delete by Id</td><td>delete by Id (collections and Bulk API delete only by Id)</td></tr>
 * </table>
 * The Id is the record's app identifier (the Id Salesforce returned when the record was created), else an
 * {@code Id} field of the transformed record (so {@code update} and {@code delete} syncs can map a column of
 * Salesforce Ids). With an external id field, creates and updates are upserts: idempotent, so a record sent
 * twice (delivery is at-least-once) is not created twice.
 */
final class WritePlanner {
    /** A Salesforce record Id: 15 (case-sensitive) or 18 (case-insensitive) letters and digits. */
    private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9]{15}([A-Za-z0-9]{3})?");
    static final String EXTERNAL_ID_OPTION = "external-id-field";
    static final String REQUIRED_FIELDS_OPTION = "required-fields";

    private final SalesforceSettings settings;

    WritePlanner(SalesforceSettings settings) {
        this.settings = settings;
    }

    /** A record that cannot be sent; it fails without a call. */
    static final class InvalidWriteException extends RuntimeException {
        InvalidWriteException(List<String> problems) {
            super(String.join("; ", problems));
        }
    }

    /** Problems that keep the record from being sent; empty when it can go. */
    List<String> problems(SyncTarget target, OutboundRecord record) {
        List<String> problems = new ArrayList<>();
        String object = target.object();
        if (object == null || !SalesforceSettings.API_NAME.matcher(object).matches()) {
            problems.add("target.object must be an sObject API name such as Contact or Invoice__c, not '" + object + "'");
        }
        Optional<String> externalId = externalIdField(target);
        if (externalId.isPresent() && !SalesforceSettings.API_NAME.matcher(externalId.get()).matches()) {
            problems.add("target.options." + EXTERNAL_ID_OPTION + " must be a field API name such as External_Id__c, not '"
                    + externalId.get() + "'");
            externalId = Optional.empty();
        }
        if (record.action() == Action.RECREATE || record.action() == Action.SEND) {
            problems.add("Salesforce does not support the action " + record.action() + " (strategies: create, upsert, update, delete, mirror)");
            return problems;
        }
        Operation operation = operation(record.action(), externalId.isPresent());
        if (operation != Operation.DELETE && record.record() == null) {
            problems.add("there is no record to write");
            return problems;
        }
        switch (operation) {
            case UPDATE, DELETE -> {
                String id = id(record);
                if (id == null) {
                    problems.add("a " + operation.bulkName() + " needs the Salesforce Id, and this record has none (no app identifier, no Id field)"
                            + (operation == Operation.UPDATE ? "; set target.options." + EXTERNAL_ID_OPTION + " to upsert by an external ID instead" : ""));
                } else if (!RECORD_ID.matcher(id).matches()) {
                    problems.add("'" + id + "' is not a Salesforce Id (15 or 18 letters and digits)");
                }
            }
            case UPSERT -> {
                JsonNode key = field(record.record(), externalId.orElseThrow());
                if (key == null || key.isNull() || key.asText().isBlank()) {
                    problems.add("an upsert on " + externalId.get() + " needs that field in the record, and it is missing or empty");
                }
            }
            case INSERT -> {
            }
        }
        if (operation != Operation.DELETE) {
            for (String required : requiredFields(target)) {
                JsonNode value = path(record.record(), required);
                if (value == null || value.isNull() || value.isMissingNode()) {
                    problems.add("required field " + required + " is missing or null");
                }
            }
        }
        return problems;
    }

    /**
     * The write for a record.
     *
     * @throws InvalidWriteException when {@link #problems} finds any
     */
    Write plan(SyncTarget target, OutboundRecord record) {
        List<String> problems = problems(target, record);
        if (!problems.isEmpty()) {
            throw new InvalidWriteException(problems);
        }
        Operation operation = operation(record.action(), externalIdField(target).isPresent());
        ObjectNode fields = Json.NODES.objectNode();
        if (operation != Operation.DELETE) {
            fields.setAll(record.record());
            fields.remove("attributes");
            removeId(fields);
        }
        String id = operation == Operation.UPDATE || operation == Operation.DELETE ? id(record) : null;
        return new Write(record, operation, id, fields);
    }

    static Operation operation(Action action, boolean externalId) {
        return switch (action) {
            case CREATE, UPDATE -> externalId ? Operation.UPSERT : action == Action.CREATE ? Operation.INSERT : Operation.UPDATE;
            case DELETE -> Operation.DELETE;
            case RECREATE, SEND -> throw new IllegalArgumentException("unsupported action " + action);
        };
    }

    static Optional<String> externalIdField(SyncTarget target) {
        String value = target.option(EXTERNAL_ID_OPTION, null);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private List<String> requiredFields(SyncTarget target) {
        List<String> all = new ArrayList<>(settings.requiredFieldsOf(target.object()));
        all.addAll(PluginSettings.items(target.option(REQUIRED_FIELDS_OPTION, "")));
        return all;
    }

    /** The app identifier, else the record's {@code Id} field; {@code null} when neither is there. */
    static String id(OutboundRecord record) {
        if (record.appIdentifier() != null && !record.appIdentifier().isBlank()) {
            return record.appIdentifier().trim();
        }
        JsonNode id = record.record() == null ? null : field(record.record(), "Id");
        return id == null || id.isNull() || id.asText().isBlank() ? null : id.asText().trim();
    }

    /** A field by API name, compared case-insensitively as Salesforce does. */
    static JsonNode field(JsonNode record, String name) {
        if (record == null || !record.isObject()) {
            return null;
        }
        JsonNode exact = record.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> e : record.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A field, or a relationship path such as {@code Account.External_Id__c}. */
    private static JsonNode path(JsonNode record, String dotted) {
        JsonNode node = record;
        for (String part : dotted.split("\\.")) {
            node = field(node, part);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static void removeId(ObjectNode fields) {
        for (Iterator<String> names = fields.fieldNames(); names.hasNext(); ) {
            if (names.next().toLowerCase(Locale.ROOT).equals("id")) {
                names.remove();
            }
        }
    }
}
