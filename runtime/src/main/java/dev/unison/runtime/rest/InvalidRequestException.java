package dev.unison.runtime.rest;

import dev.unison.contracts.Violation;

import java.util.List;
import java.util.stream.Collectors;

/** A request that cannot be taken, with every problem found in it, each naming its field (400 problem+json). */
public class InvalidRequestException extends RuntimeException {
    private final List<Violation> violations;

    public InvalidRequestException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public InvalidRequestException(String pointer, String detail) {
        this(List.of(new Violation(pointer, detail)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
