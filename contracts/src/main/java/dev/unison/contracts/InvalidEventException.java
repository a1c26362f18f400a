package dev.unison.contracts;

import java.util.List;
import java.util.stream.Collectors;

/** An event that cannot be accepted, with every problem found in it. */
public class InvalidEventException extends RuntimeException {
    private final List<Violation> violations;

    public InvalidEventException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public InvalidEventException(String pointer, String detail) {
        this(List.of(new Violation(pointer, detail)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
