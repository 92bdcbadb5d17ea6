package io.sluice.plugin;

/**
 * A transient failure of a whole batch (throttling, 5xx, timeout, connection reset): the same request may succeed
 * later. The engine treats every record of the batch as {@link RecordOutcome.Status#TRANSIENT}: sent again within
 * the run, then by the next run. (Any exception the SPI does not declare is a plugin bug and fails the run.)
 */
public class RetryableException extends RuntimeException {
    public RetryableException(String message) {
        super(message);
    }

    public RetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
