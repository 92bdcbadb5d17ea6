package io.sluice.plugins.hubspot;

import io.sluice.plugin.PluginSettings;
import io.sluice.plugin.SyncTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a sync file says about its HubSpot target: {@code target.object} (the object type in the CRM v3 path) and
 * {@code target.options}:
 * <ul>
 *   <li>{@code id-property}: a property whose values are unique for the object type (e.g. {@code email} for
 *       contacts, {@code domain} is <em>not</em> unique for companies; a custom "unique value" property for others).
 *       Creates then use {@code batch/upsert} by that property, and updates or deletes of records without a HubSpot
 *       id find the object by it. {@code hs_object_id} is special: the value is the HubSpot id itself.</li>
 *   <li>{@code required-properties}: comma-separated properties every create or update of this sync must carry,
 *       on top of the connection's {@code required-properties}.</li>
 * </ul>
 *
 * @param objectType         e.g. {@code contacts}, {@code companies}, {@code deals}, {@code 2-123456}
 * @param idProperty         the unique property, when set
 * @param requiredProperties the sync's own required properties
 */
record TargetOptions(String objectType, Optional<String> idProperty, List<String> requiredProperties) {
    /** HubSpot's property holding the record id; usable to address objects, not as an {@code idProperty}. */
    static final String OBJECT_ID = "hs_object_id";
    private static final Set<String> KNOWN = new TreeSet<>(Set.of("id-property", "required-properties"));

    /** The options, or the problems that keep every record of the sync from being sent. */
    record Parsed(TargetOptions options, List<String> problems) {
    }

    static Parsed parse(SyncTarget target) {
        List<String> problems = new ArrayList<>();
        String type = target.object() == null ? "" : target.object().trim();
        if (type.isEmpty()) {
            problems.add("the sync has no target.object; set the HubSpot object type (contacts, companies, deals, or a custom type id such as 2-123456)");
        } else if (!HubSpotSettings.OBJECT_TYPE.matcher(type).matches()) {
            problems.add("target.object '" + type + "' is not a HubSpot object type (letters, digits, '_' and '-', e.g. contacts or 2-123456)");
        }
        target.options().keySet().stream().filter(k -> !KNOWN.contains(k)).sorted().forEach(k ->
                problems.add("target.options." + k + " is not a hubspot option; known: " + String.join(", ", KNOWN)));
        Optional<String> idProperty = Optional.ofNullable(target.options().get("id-property")).map(String::trim);
        if (idProperty.isPresent() && idProperty.get().isEmpty()) {
            problems.add("target.options.id-property is empty; name a unique property such as email, or remove it");
        }
        List<String> required = PluginSettings.items(target.option("required-properties", ""));
        return new Parsed(new TargetOptions(type, idProperty.filter(s -> !s.isEmpty()), required), List.copyOf(problems));
    }

    /** Whether the id property holds HubSpot's own record id ({@value #OBJECT_ID}). */
    boolean idIsObjectId() {
        return idProperty.filter(OBJECT_ID::equals).isPresent();
    }
}
