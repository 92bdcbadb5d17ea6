package io.sluice.sync;

import java.util.List;
import java.util.stream.Collectors;

/** A sync file could not be accepted; carries every problem found, not only the first. */
public class SyncFileException extends RuntimeException {
    private final List<SyncProblem> problems;

    public SyncFileException(List<SyncProblem> problems) {
        super(problems.stream().map(SyncProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<SyncProblem> problems() {
        return problems;
    }
}
