package io.sluice.plugin;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a sync decides, per record, whether an action is needed. The decision table lives in
 * {@code SEMANTICS.md}; plugins only declare which strategies they support.
 */
public enum Strategy {
    CREATE, UPSERT, UPDATE, DELETE, MIRROR, REPLACE, SEND;

    /** The spelling used in sync files and the API: lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a strategy as written in a sync file.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static Strategy parse(String value) {
        for (Strategy s : values()) {
            if (s.id().equals(value == null ? null : value.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + value + "'; expected one of "
                + Arrays.stream(values()).map(Strategy::id).collect(Collectors.joining(", ")));
    }
}
