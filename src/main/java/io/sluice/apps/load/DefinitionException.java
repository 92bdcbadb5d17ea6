package io.sluice.apps.load;

import java.util.List;
import java.util.stream.Collectors;

/** An app definition file was rejected; carries every problem found, each with file, field and reason. */
public class DefinitionException extends RuntimeException {
    private final List<DefinitionProblem> problems;

    public DefinitionException(List<DefinitionProblem> problems) {
        super(problems.stream().map(DefinitionProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<DefinitionProblem> problems() {
        return problems;
    }
}
