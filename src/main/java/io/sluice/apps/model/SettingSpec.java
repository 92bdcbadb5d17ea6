package io.sluice.apps.model;

import java.util.List;

/**
 * One setting a definition declares ({@code settings.<name>}), which a connection sets as
 * {@code sluice.connections.<c>.settings.<name>}.
 *
 * @param defaultValue the value when the connection does not set it, or {@code null}
 * @param allowed      the allowed values ({@code enum}), empty when any value of the type is allowed
 * @param secret       whether the value is a credential: never shown, masked in results and messages
 */
public record SettingSpec(String name, Type type, boolean required, boolean secret, String defaultValue, List<String> allowed,
                          String description) {

    /** What a setting's value must look like. */
    public enum Type {
        STRING, INTEGER, BOOLEAN;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public SettingSpec {
        allowed = List.copyOf(allowed);
    }
}
