package io.sluice.apps.model;

import java.util.Map;

/**
 * One action of a definition: the request that carries a record (record mode) or a batch of records
 * ({@link #batch()} set).
 *
 * @param body  the template of one record's body, or {@code null}: the record itself (JSON), its top-level fields
 *              (form), nothing for a DELETE
 * @param batch the batch request, or {@code null} for one request per record
 */
public record ActionSpec(ActionKind kind, String method, Template path, Map<String, Template> query, Map<String, Template> headers,
                         ContentType contentType, Template body, Batch batch, ResponseSpec response) {

    /** How a body is encoded. */
    public enum ContentType {
        JSON("application/json"), FORM("application/x-www-form-urlencoded");

        private final String mediaType;

        ContentType(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }
    }

    /**
     * One request for several records.
     *
     * @param max  the app's largest batch
     * @param body the template of the whole body; variable {@code records}
     */
    public record Batch(int max, Template body) {
    }

    public ActionSpec {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    /** Whether the action's request needs the record's app identifier (its path, query or body reads it; a batch body as {@code r.app_identifier}). */
    public boolean usesAppIdentifier() {
        if (batch != null) {
            return batch.body().text().contains("app_identifier");
        }
        return path.mentions("app_identifier") || query.values().stream().anyMatch(t -> t.mentions("app_identifier"))
                || body != null && body.mentions("app_identifier");
    }
}
