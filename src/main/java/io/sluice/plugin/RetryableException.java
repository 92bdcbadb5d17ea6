package io.sluice.plugin;

/**
 * A transient failure (throttling, 5xx, timeout, connection reset): the same request may succeed later.
 * Anything else a plugin fails with is treated as permanent for the records concerned.
 */
public class RetryableException extends RuntimeException {
    public RetryableException(String message) {
        super(message);
    }

    public RetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
