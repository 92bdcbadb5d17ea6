package io.sluice.api;

import java.util.Locale;

/**
 * Query parameters read by the resources themselves rather than converted by the framework: a value the framework
 * cannot convert becomes an anonymous 404, whereas these refuse it with a 400 that names the parameter.
 */
final class QueryParams {
    private QueryParams() {
    }

    /** A whole number; {@code sync} (may be null) is named in the problem. */
    static int wholeNumber(String sync, String name, String raw) {
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new BadParameterException(sync, name, raw, name + " must be a whole number, was '" + raw + "'");
        }
    }

    /** {@code true} or {@code false}, in any case. */
    static boolean bool(String sync, String name, String raw) {
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadParameterException(sync, name, raw, name + " must be true or false, was '" + raw + "'");
        };
    }
}
