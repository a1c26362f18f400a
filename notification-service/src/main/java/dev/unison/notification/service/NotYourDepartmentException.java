package dev.unison.notification.service;

import dev.unison.runtime.rest.ForbiddenRequestException;

/** A department member asked to create or move something into a department it is not a member of (403). */
public class NotYourDepartmentException extends ForbiddenRequestException {

    public NotYourDepartmentException(String pointer, String department) {
        super(pointer, "you are not a member of department '" + department + "'");
    }
}
