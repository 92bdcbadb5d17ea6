package io.sluice.engine;

/**
 * A plugin's {@code send} or {@code validate} failed with an exception the SPI does not declare: a bug in the plugin, not an answer of
 * the app. The engine fails the run with this message as its global error and logs the cause's stack trace once; the
 * batch's records are not marked sent, so the next run stages them again.
 */
final class PluginFailedException extends RuntimeException {
    PluginFailedException(String connection, Throwable cause) {
        super("plugin of connection '" + connection + "' failed unexpectedly: " + cause.getClass().getSimpleName() + ": "
                + cause.getMessage(), cause);
    }
}
