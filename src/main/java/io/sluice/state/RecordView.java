package io.sluice.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One row of record state, as operators see it; JSON-valued fields are nested JSON, parsed once from the stored text. */
@Schema(description = "A record's state: what was last applied to the app and how it went")
public record RecordView(
        @Schema(description = "the record's identifier (the source's id column as text)", examples = "17") String identifier,
        @Schema(description = "the app's id of the record, when the app returned one", examples = "0035g00000AbCdE") String appIdentifier,
        @Schema(description = "the state of the record's last attempt") ApplyState applyState,
        @Schema(description = "why the record was last staged", examples = "CHANGE_CRITERIA_MET") String applyReason,
        @Schema(description = "the last action attempted (CREATE, UPDATE, DELETE, ...)", examples = "UPDATE") String lastAction,
        @Schema(description = "what the app answered last, as JSON") JsonNode lastResult,
        @Schema(description = "consecutive failed attempts", examples = "0") int failureCount,
        @Schema(description = "the record as last applied to the app, as JSON") JsonNode appliedRecord,
        @Schema(description = "the run that last touched the record") String lastRunId,
        @Schema(description = "when the state last changed") Instant updatedAt) {
}
