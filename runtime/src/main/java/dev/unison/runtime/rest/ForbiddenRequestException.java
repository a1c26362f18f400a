package dev.unison.runtime.rest;

/**
 * The caller may make this kind of request, but not with this value of a field (a department it is not a member of,
 * say): 403 problem+json naming the field. A refusal by role alone is the HTTP security layer's ({@link
 * AuthProblemHandler}).
 */
public class ForbiddenRequestException extends RuntimeException {
    private final String pointer;

    public ForbiddenRequestException(String pointer, String message) {
        super(message);
        this.pointer = pointer;
    }

    public String pointer() {
        return pointer;
    }
}
