package io.sluice.warehouse;

import java.util.Optional;

/**
 * Checks that a user's SQL fragment (a mapping expression, a filter, a source query) stays inside the
 * SELECT it is placed in: no statement separator, no comment that could hide the rest of the statement,
 * balanced parentheses and closed string literals. Expressions are the user's own SQL by design; this
 * guard only keeps them from escaping their slot.
 */
public final class SqlExpressionGuard {
    private SqlExpressionGuard() {
    }

    /** @return the problem, or empty when the fragment is acceptable */
    public static Optional<String> problem(String sql) {
        if (sql == null || sql.isBlank()) {
            return Optional.of("is empty");
        }
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                        i++;
                    } else {
                        quote = 0;
                    }
                }
                continue;
            }
            switch (c) {
                case '\'', '"' -> quote = c;
                case '(' -> depth++;
                case ')' -> {
                    if (--depth < 0) {
                        return Optional.of("closes a parenthesis it did not open (at character " + (i + 1) + ")");
                    }
                }
                case ';' -> {
                    return Optional.of("contains ';' (one expression, not several statements)");
                }
                case '-' -> {
                    if (i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                        return Optional.of("contains a '--' comment");
                    }
                }
                case '/' -> {
                    if (i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                        return Optional.of("contains a '/*' comment");
                    }
                }
                default -> {
                }
            }
        }
        if (quote != 0) {
            return Optional.of("has an unterminated " + (quote == '\'' ? "string literal" : "quoted name"));
        }
        if (depth != 0) {
            return Optional.of("has " + depth + " unclosed parenthesis(es)");
        }
        return Optional.empty();
    }
}
