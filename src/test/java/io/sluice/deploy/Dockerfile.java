package io.sluice.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Dockerfile read statically: its stages and their instructions (continuations joined, comments dropped). */
record Dockerfile(Path file, List<Stage> stages) {

    record Instruction(String keyword, String args) {
        /** The arguments split on blanks, flags ({@code --from=...}) included. */
        List<String> words() {
            return List.of(args.trim().split("\\s+"));
        }

        String flag(String name) {
            return words().stream().filter(w -> w.startsWith("--" + name + "=")).map(w -> w.substring(name.length() + 3)).findFirst().orElse(null);
        }

        /** COPY sources and destination, flags removed. */
        List<String> operands() {
            return words().stream().filter(w -> !w.startsWith("--")).toList();
        }
    }

    record Stage(String image, String name, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Instruction last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? null : found.get(found.size() - 1);
        }
    }

    static Dockerfile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Stage> stages = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && logical.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            logical.append(trimmed);
            add(stages, logical.toString().strip(), file);
            logical.setLength(0);
        }
        return new Dockerfile(file, stages);
    }

    private static void add(List<Stage> stages, String line, Path file) {
        if (line.isEmpty()) {
            return;
        }
        int space = line.indexOf(' ');
        String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String args = space < 0 ? "" : line.substring(space + 1).strip();
        if (keyword.equals("FROM")) {
            String[] w = args.split("\\s+");
            stages.add(new Stage(w[0], w.length >= 3 && w[1].equalsIgnoreCase("AS") ? w[2] : null, new ArrayList<>()));
        } else if (stages.isEmpty()) {
            throw new IllegalStateException(file + ": " + keyword + " before the first FROM");
        } else {
            stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, args));
        }
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst().orElseThrow(() -> new AssertionError(file + ": no stage " + name));
    }

    Stage last() {
        return stages.get(stages.size() - 1);
    }
}
