package io.sluice.plugin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One record handed to a plugin.
 *
 * @param identifier    the source identifier (never null); outcomes are matched back by it
 * @param action        what to do (never null)
 * @param record        the transformed record: the app fields only, after the mapping or template; for a
 *                      {@link Action#DELETE} of a record that left the source, the last applied record
 * @param previous      the last transformed record applied successfully, or {@code null} if none
 * @param appIdentifier the app's identifier of the object (e.g. a Salesforce Id), or {@code null} if unknown
 */
public record OutboundRecord(String identifier, Action action, ObjectNode record, ObjectNode previous,
                             String appIdentifier) {
    public OutboundRecord {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(action, "action");
    }
}
