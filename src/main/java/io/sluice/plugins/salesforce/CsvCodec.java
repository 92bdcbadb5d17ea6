package io.sluice.plugins.salesforce;

import java.util.ArrayList;
import java.util.List;

/**
 * CSV as Bulk API 2.0 reads and writes it ("Prepare CSV Files", "Valid CSV Record Rows"): comma delimiter,
 * LF line endings (the job says {@code lineEnding: LF}), UTF-8; a value containing a comma, a double quote or a
 * line break is enclosed in double quotes, with quotes doubled; values are never trimmed. Reading also accepts
 * CRLF and a UTF-8 byte order mark.
 */
final class CsvCodec {

    /** A parsed file: the header row and the data rows (each as long as the header or shorter). */
    record Table(List<String> header, List<List<String>> rows) {
        /** The index of a column, or -1. */
        int column(String name) {
            return header.indexOf(name);
        }

        /** A row's value in a column, "" when the row is short or the column absent. */
        static String cell(List<String> row, int column) {
            return column >= 0 && column < row.size() ? row.get(column) : "";
        }
    }

    private CsvCodec() {
    }

    static String write(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        line(out, header);
        rows.forEach(r -> line(out, r));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String v = cells.get(i) == null ? "" : cells.get(i);
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                out.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                out.append(v);
            }
        }
        out.append('\n');
    }

    /**
     * Parses CSV text; an empty text is an empty table.
     *
     * @throws IllegalArgumentException on an unterminated quoted value
     */
    static Table parse(String text) {
        List<List<String>> lines = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return new Table(List.of(), List.of());
        }
        int i = text.charAt(0) == '\uFEFF' ? 1 : 0;
        int n = text.length();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        while (i < n) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(cell.toString());
                lines.add(row);
                row = new ArrayList<>();
                cell.setLength(0);
                any = false;
            } else {
                cell.append(c);
                any = true;
            }
            i++;
        }
        if (quoted) {
            throw new IllegalArgumentException("CSV ends inside a quoted value");
        }
        if (any || cell.length() > 0) {
            row.add(cell.toString());
            lines.add(row);
        }
        if (lines.isEmpty()) {
            return new Table(List.of(), List.of());
        }
        return new Table(List.copyOf(lines.get(0)), List.copyOf(lines.subList(1, lines.size())));
    }
}
