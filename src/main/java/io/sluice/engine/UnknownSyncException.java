package io.sluice.engine;

/** No loaded sync has this slug. */
public class UnknownSyncException extends RuntimeException {
    public UnknownSyncException(String slug) {
        super("no sync with slug '" + slug + "'");
    }
}
