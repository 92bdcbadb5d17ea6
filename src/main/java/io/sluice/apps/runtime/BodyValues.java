package io.sluice.apps.runtime;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.apps.model.ResponseSpec;
import io.sluice.plugin.support.ResponseJson;
import java.util.Optional;

/** Reads the values a definition's conditions name in an answer, compared as text (a {@code true} or {@code 1} as YAML wrote it). */
final class BodyValues {
    private BodyValues() {
    }

    /** The value at {@code pointer} as text (a container as JSON), or {@code null} when there is none. */
    static String at(JsonNode document, JsonPointer pointer) {
        if (document == null || pointer == null) {
            return null;
        }
        JsonNode found = document.at(pointer);
        return found.isMissingNode() ? null : found.isValueNode() ? found.asText() : found.toString();
    }

    /** Why {@code document} (the JSON answer, {@code null} when it is not JSON) does not meet {@code when}, or empty when it does. */
    static Optional<String> unmet(ResponseSpec.Condition when, int status, JsonNode document) {
        if (document == null) {
            return Optional.of("the HTTP " + status + " answer is not JSON, so success-when '" + when.pointer() + "' cannot be read");
        }
        String text = at(document, when.pointer());
        if (text == null || !text.equals(when.equals())) {
            return Optional.of("the HTTP " + status + " answer has " + (text == null ? "nothing" : "'" + ResponseJson.oneLine(text, 100) + "'")
                    + " at success-when '" + when.pointer() + "', not '" + when.equals() + "'");
        }
        return Optional.empty();
    }

    /** The value of {@code document} at {@code when}'s pointer when it is one of its values. */
    static Optional<String> in(ResponseSpec.ValueIn when, JsonNode document) {
        if (when == null) {
            return Optional.empty();
        }
        String text = at(document, when.pointer());
        return text != null && when.in().contains(text) ? Optional.of(text) : Optional.empty();
    }
}
