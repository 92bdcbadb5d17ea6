package io.sluice.engine;

/** The staging statement of a preview failed; a run would fail the same way. The message names the sync and the cause. */
public class PreviewFailedException extends RuntimeException {
    private final String slug;

    public PreviewFailedException(String slug, String message, Throwable cause) {
        super(message, cause);
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
