package dev.unison.notification.service;

/** A department member asked to create or move something into a department it is not a member of (403). */
public class NotYourDepartmentException extends RuntimeException {
    private final String pointer;

    public NotYourDepartmentException(String pointer, String department) {
        super("you are not a member of department '" + department + "'");
        this.pointer = pointer;
    }

    public String pointer() {
        return pointer;
    }
}
