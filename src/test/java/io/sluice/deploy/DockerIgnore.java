package io.sluice.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a {@code .dockerignore}, applied as Docker does: patterns in order, the last match wins, {@code !}
 * re-includes, and a pattern matching a directory matches everything below it. Glob syntax as Go's
 * {@code filepath.Match} ({@code *} stops at {@code /}), which Java's glob matcher shares.
 */
final class DockerIgnore {
    private record Rule(PathMatcher matcher, boolean include) {
    }

    private final List<Rule> rules = new ArrayList<>();

    static DockerIgnore read(Path file) {
        DockerIgnore ignore = new DockerIgnore();
        try {
            for (String line : Files.readAllLines(file)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                boolean include = l.startsWith("!");
                String pattern = (include ? l.substring(1) : l).strip().replaceAll("^/+|/+$", "");
                ignore.rules.add(new Rule(FileSystems.getDefault().getPathMatcher("glob:" + pattern), include));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ignore;
    }

    /** Whether a path of the build context (relative, with '/') is sent to the builder. */
    boolean sends(String relativePath) {
        boolean sent = true;
        for (Rule rule : rules) {
            for (Path p = Path.of(relativePath); p != null; p = p.getParent()) {
                if (rule.matcher().matches(p)) {
                    sent = rule.include();
                    break;
                }
            }
        }
        return sent;
    }
}
