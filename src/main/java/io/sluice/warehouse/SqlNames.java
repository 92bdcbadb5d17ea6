package io.sluice.warehouse;

import java.util.regex.Pattern;

/**
 * Validation of names that come from sync files and configuration (schemas, tables, columns). Only plain
 * identifiers are accepted; they are then quoted by the dialect, so a name can never inject SQL.
 */
public final class SqlNames {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,254}");

    private SqlNames() {
    }

    public static boolean isIdentifier(String name) {
        return name != null && IDENTIFIER.matcher(name).matches();
    }

    /** Checks a possibly qualified name ({@code db.schema.table}); each part must be a plain identifier. */
    public static boolean isQualifiedName(String name) {
        if (name == null || name.isBlank()) {
            return false;
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length > 3) {
            return false;
        }
        for (String part : parts) {
            if (!isIdentifier(part)) {
                return false;
            }
        }
        return true;
    }

    /** Quotes each part of a qualified name. */
    public static String quoteQualified(Dialect dialect, String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("\\.")) {
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(dialect.quote(part));
        }
        return sb.toString();
    }
}
