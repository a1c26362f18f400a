package dev.unison.notification.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.unison.contracts.Problem;
import dev.unison.contracts.Violation;
import dev.unison.notification.service.ConflictException;
import dev.unison.notification.service.InvalidRequestException;
import dev.unison.notification.service.NotYourDepartmentException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every error of this service as an RFC 9457 problem document. A problem lists at most the first 100 errors, and
 * says how many there were.
 */
public class ProblemMapper {
    static final int MAX_ERRORS = 100;

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e, UriInfo uri) {
        return invalid(e.violations(), uri.getPath());
    }

    /** A body that is JSON but has a field of the wrong kind (e.g. a text where a time belongs). */
    @ServerExceptionMapper
    public Response unreadable(JsonMappingException e, UriInfo uri) {
        String pointer = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : Integer.toString(r.getIndex()))
                .collect(Collectors.joining("/", "/", ""));
        return invalid(List.of(new Violation(pointer.equals("/") ? "" : pointer, clip(e.getOriginalMessage()))),
                uri.getPath());
    }

    /** Quarkus maps this one itself; this mapper, being more specific, answers with a problem document instead. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response notParsable(JsonParseException e, UriInfo uri) {
        return notJson(e, uri);
    }

    /** Not JSON, or JSON beyond the parser's limits (nesting depth, number length). */
    @ServerExceptionMapper
    public Response notJson(JsonProcessingException e, UriInfo uri) {
        return problem(Problem.of("invalid-request", "Invalid request", 400, "the body is not acceptable JSON: "
                + clip(e.getOriginalMessage()), uri.getPath(), List.of(new Violation("", "not acceptable JSON"))));
    }

    /** 403 naming the field whose department the caller is not a member of. */
    @ServerExceptionMapper
    public Response forbidden(NotYourDepartmentException e, UriInfo uri) {
        return problem(Problem.of("forbidden", "Forbidden", 403, e.getMessage(), uri.getPath(),
                List.of(new Violation(e.pointer(), e.getMessage()))));
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e, UriInfo uri) {
        return problem(Problem.of("conflict", "Conflict", 409, e.getMessage(), uri.getPath(), List.of()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        return problem(Problem.of("http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(), status,
                e.getMessage(), uri.getPath(), List.of()));
    }

    /** Anything else is this service's fault: 500, still as a problem, with the details in the log only. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(RuntimeException e, UriInfo uri) {
        Log.errorf(e, "Request %s failed", uri.getRequestUri().getRawPath()); // encoded: no line breaks from users
        return problem(Problem.of("internal-error", "Internal Server Error", 500,
                "the request could not be handled; the service log has the details", uri.getPath(), List.of()));
    }

    /** 400 with the first 100 violations; the detail says how many there were. */
    public static Response invalid(List<Violation> violations, String path) {
        List<Violation> shown = violations.size() > MAX_ERRORS ? violations.subList(0, MAX_ERRORS) : violations;
        String detail = violations.size() + " problem(s)" + (violations.size() > MAX_ERRORS
                ? ", the first " + MAX_ERRORS + " listed" : "") + ": "
                + shown.stream().limit(3).map(Violation::toString).collect(Collectors.joining("; "))
                + (shown.size() > 3 ? "; …" : "");
        return problem(Problem.of("invalid-request", "Invalid request", 400, detail, path, shown));
    }

    private static String clip(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    static Response notFound(String what, UriInfo uri) {
        return problem(Problem.of("not-found", "Not found", 404, what + " not found", uri.getPath(), List.of()));
    }
}
