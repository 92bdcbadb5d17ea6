package io.sluice.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One history row: what a run did with one record. JSON-valued fields are nested JSON, parsed once from the stored text. */
@Schema(description = "What one run did with one record")
public record HistoryView(
        @Schema(description = "the run") String runId,
        @Schema(description = "the record's identifier", examples = "17") String identifier,
        @Schema(description = "the action attempted, or none when the record was settled without a call", examples = "CREATE") String action,
        @Schema(description = "the state the attempt left") ApplyState applyState,
        @Schema(description = "why the record was staged", examples = "CHANGE_CRITERIA_MET") String applyReason,
        @Schema(description = "what the app (or the engine) answered, as JSON") JsonNode result,
        @Schema(description = "the app's id of the record, when the app returned one") String appIdentifier,
        @Schema(description = "the payload sent, as JSON") JsonNode record,
        @Schema(description = "when the row was written") Instant recordedAt) {
}
