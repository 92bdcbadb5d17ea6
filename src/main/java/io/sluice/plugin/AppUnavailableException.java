package io.sluice.plugin;

/**
 * The app cannot take any record for now: it is down (its circuit breaker is open after repeated transient failures),
 * or it refuses the connection's credentials. Not a failure of the records, nor a plugin bug. The engine stops the run
 * with a global error naming the cause; the records of the failed batch are not marked sent and are staged
 * again by the next run. The message becomes the run's error and one log line: keep it on one line.
 */
public class AppUnavailableException extends RuntimeException {
    public AppUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
