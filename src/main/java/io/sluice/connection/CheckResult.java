package io.sluice.connection;

import java.time.Instant;

/**
 * The outcome of one connection check.
 *
 * @param ok        whether the plugin's check succeeded
 * @param message   what went wrong (or {@code "ok"}), with the connection's secrets masked
 * @param checkedAt when the check ended
 */
public record CheckResult(boolean ok, String message, Instant checkedAt) {
}
