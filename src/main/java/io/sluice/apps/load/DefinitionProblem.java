package io.sluice.apps.load;

/**
 * What is wrong with an app definition file.
 *
 * @param file  the file (a path, or {@code classpath:apps/x.yaml} for a shipped one)
 * @param field the field's path, e.g. {@code actions.upsert.batch.body}, or {@code null} for the whole file
 */
public record DefinitionProblem(String file, String field, String reason) {
    @Override
    public String toString() {
        return file + (field == null ? "" : ": " + field) + ": " + reason;
    }
}
