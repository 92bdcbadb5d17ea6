package io.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Golden files: generated text pinned in {@code src/test/resources/golden/}. A mismatch fails with a line diff
 * ({@code -} golden, {@code +} generated) and the first differing column, since SQL lines are long. Run with
 * {@code -Dgolden.update=true} to rewrite the files from the generated text, then review them with
 * {@code git diff}.
 */
public final class Golden {
    private static final Path ROOT = Path.of("src", "test", "resources", "golden");
    private static final int CONTEXT = 2;

    private Golden() {
    }

    /** Labelled statements as one text: a {@code -- label} line, the statement and {@code ;}, a blank line between. */
    public static String statements(Map<String, String> labelled) {
        StringBuilder sb = new StringBuilder();
        labelled.forEach((label, sql) -> sb.append(sb.isEmpty() ? "" : "\n").append("-- ").append(label).append('\n').append(sql).append(";\n"));
        return sb.toString();
    }

    public static void assertMatches(String file, String actual) {
        Path path = ROOT.resolve(file);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(path.getParent());
                Files.writeString(path, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(path)) {
                throw new AssertionError("golden file " + path + " is missing; run the test with -Dgolden.update=true to create it");
            }
            String expected = Files.readString(path, StandardCharsets.UTF_8);
            if (!expected.equals(actual)) {
                throw new AssertionError("generated text differs from " + path + " (rerun with -Dgolden.update=true to accept it)\n"
                        + diff(expected, actual));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A unified-style line diff with {@value #CONTEXT} lines of context, then where the first changed line differs. */
    static String diff(String expected, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        String firstRemoved = null;
        String firstAdded = null;
        int firstLine = -1;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                ops.add("  " + a.get(i));
                i++;
                j++;
            } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] > lcs[i + 1][j])) {
                ops.add("+ " + b.get(j));
                if (firstAdded == null) {
                    firstAdded = b.get(j);
                    firstLine = firstLine < 0 ? j + 1 : firstLine;
                }
                j++;
            } else {
                ops.add("- " + a.get(i));
                if (firstRemoved == null) {
                    firstRemoved = a.get(i);
                    firstLine = firstLine < 0 ? i + 1 : firstLine;
                }
                i++;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < ops.size(); k++) {
            boolean near = false;
            for (int c = Math.max(0, k - CONTEXT); c <= Math.min(ops.size() - 1, k + CONTEXT); c++) {
                near |= !ops.get(c).startsWith("  ");
            }
            if (near) {
                out.append(ops.get(k)).append('\n');
            } else if (k > 0 && out.length() > 0 && !out.toString().endsWith("...\n")) {
                out.append("...\n");
            }
        }
        if (firstRemoved != null && firstAdded != null) {
            int col = 0;
            while (col < firstRemoved.length() && col < firstAdded.length() && firstRemoved.charAt(col) == firstAdded.charAt(col)) {
                col++;
            }
            out.append("first difference near line ").append(firstLine).append(", column ").append(col + 1).append(":\n")
                    .append("  golden:    ...").append(snippet(firstRemoved, col)).append("...\n")
                    .append("  generated: ...").append(snippet(firstAdded, col)).append("...\n");
        }
        return out.toString();
    }

    private static String snippet(String line, int col) {
        return line.substring(Math.max(0, col - 40), Math.min(line.length(), col + 60));
    }
}
