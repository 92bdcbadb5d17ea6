package io.sluice.plugin;

/** A connection setting is missing or malformed. The message names the connection and the key, never a value of a secret. */
public class PluginConfigException extends RuntimeException {
    public PluginConfigException(String connection, String key, String reason) {
        super("connection '" + connection + "': setting '" + key + "' " + reason);
    }
}
