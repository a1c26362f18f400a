package dev.unison.consistency.service;

import dev.unison.contracts.Violation;

import java.util.List;

/** A request to change rules or facts that cannot be taken; each violation names its field. */
public class InvalidRequestException extends RuntimeException {
    private final List<Violation> violations;

    public InvalidRequestException(List<Violation> violations) {
        super(violations.size() + " problem(s) in the request");
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
