package io.sluice.apps.model;

import java.util.List;

/** Whether a text is a valid value of a declared setting's type and allowed values. */
public final class SettingValues {
    private SettingValues() {
    }

    /** What is wrong with {@code value} as a value of {@code type} among {@code allowed}, or {@code null} when nothing is. */
    public static String problem(SettingSpec.Type type, List<String> allowed, String value) {
        switch (type) {
            case INTEGER -> {
                try {
                    Long.parseLong(value.trim());
                } catch (NumberFormatException e) {
                    return "'" + value + "' is not a whole number";
                }
            }
            case BOOLEAN -> {
                if (!value.trim().equals("true") && !value.trim().equals("false")) {
                    return "'" + value + "' is not true or false";
                }
            }
            case STRING -> {
            }
        }
        if (!allowed.isEmpty() && !allowed.contains(value.trim())) {
            return "'" + value + "' is not one of " + String.join(", ", allowed);
        }
        return null;
    }

    /** The value as templates see it: a number, a boolean or the text. */
    public static Object typed(SettingSpec.Type type, String value) {
        return switch (type) {
            case INTEGER -> Long.parseLong(value.trim());
            case BOOLEAN -> Boolean.parseBoolean(value.trim());
            case STRING -> value;
        };
    }
}
