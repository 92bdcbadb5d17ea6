package io.sluice.api;

import io.sluice.connection.CheckResult;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A configured connection as the API shows it: never its settings, which hold secrets.
 *
 * @param lastCheck the last check on the replica that answers, null when none ran there since it started
 */
@Schema(name = "Connection", description = "A configured connection: its plugin, the syncs that use it and its last check; never its settings")
public record ConnectionView(
        @Schema(description = "the connection's name (sluice.connections.<name>)", examples = "crm") String name,
        @Schema(description = "the plugin that serves it", examples = "webhook") String plugin,
        @Schema(description = "slugs of the loaded syncs that target it, sorted") List<String> syncs,
        @Schema(description = "the last check on this replica, or null", nullable = true) Check lastCheck,
        @Schema(description = "why the connection cannot be used (its app definition is missing or rejected, or its settings do not fit it), "
                + "or null; its syncs are rejected with this reason", nullable = true) String problem) {

    /** The result of a connection check; {@code message} has the connection's secrets masked. */
    @Schema(name = "ConnectionCheck", description = "The result of a connection check, secrets masked")
    public record Check(
            @Schema(description = "whether the check succeeded") boolean ok,
            @Schema(description = "\"ok\", or what went wrong", examples = "connection 'crm': check GET https://api.example.com/me answered HTTP 403") String message,
            @Schema(description = "when the check ended") Instant checkedAt) {

        static Check of(CheckResult r) {
            return new Check(r.ok(), r.message(), r.checkedAt());
        }
    }

    /** The list envelope: every connection, in name order, on one page. */
    @Schema(name = "ConnectionList", description = "Every configured connection, on one page")
    public record Page(@Schema(description = "every configured connection, in name order") List<ConnectionView> items,
                       @Schema(description = "cursor of the next page; always null (connections fit one page)", nullable = true) String next) {
    }
}
