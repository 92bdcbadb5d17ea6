package io.sluice.plan;

import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the source columns a Jinja template reads as {@code row.name} or {@code row['name']}. When the
 * template uses {@code row} any other way ({@code row[var]}, {@code row|tojson}, a loop over it), the
 * columns cannot be told and the answer is empty: the whole row is compared.
 */
public final class TemplateColumns {
    private static final Pattern ROW = Pattern.compile("(?<![A-Za-z0-9_.])row(?![A-Za-z0-9_])");
    private static final Pattern ATTRIBUTE = Pattern.compile("\\G\\s*\\.\\s*([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern SUBSCRIPT = Pattern.compile("\\G\\s*\\[\\s*(['\"])([A-Za-z_][A-Za-z0-9_]*)\\1\\s*]");

    private TemplateColumns() {
    }

    public static Optional<SortedSet<String>> referencedColumns(String template) {
        SortedSet<String> columns = new TreeSet<>();
        Matcher row = ROW.matcher(template);
        while (row.find()) {
            Matcher attr = ATTRIBUTE.matcher(template);
            Matcher sub = SUBSCRIPT.matcher(template);
            if (attr.find(row.end())) {
                columns.add(attr.group(1));
            } else if (sub.find(row.end())) {
                columns.add(sub.group(2));
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(columns);
    }
}
