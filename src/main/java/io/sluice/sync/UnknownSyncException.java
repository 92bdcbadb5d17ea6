package io.sluice.sync;

/** No loaded sync has this slug. */
public class UnknownSyncException extends RuntimeException {
    private final String slug;

    public UnknownSyncException(String slug) {
        super("no sync with slug '" + slug + "'");
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
