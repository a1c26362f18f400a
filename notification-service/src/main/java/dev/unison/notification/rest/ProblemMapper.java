package dev.unison.notification.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.unison.contracts.Problem;
import dev.unison.contracts.Violation;
import dev.unison.notification.service.ConflictException;
import dev.unison.notification.service.InvalidRequestException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/** Every error of this service as an RFC 9457 problem document. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e, UriInfo uri) {
        return problem(Problem.of("invalid-request", "Invalid request",
                400, e.violations().size() + " problem(s): " + e.getMessage(), uri.getPath(), e.violations()));
    }

    /** A body that is JSON but has a field of the wrong kind (e.g. a text where a time belongs). */
    @ServerExceptionMapper
    public Response unreadable(JsonMappingException e, UriInfo uri) {
        String pointer = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : Integer.toString(r.getIndex()))
                .collect(Collectors.joining("/", "/", ""));
        String detail = e.getOriginalMessage();
        List<Violation> errors = List.of(new Violation(pointer.equals("/") ? "" : pointer, detail));
        return problem(Problem.of("invalid-request", "Invalid request", 400, errors.get(0).toString(),
                uri.getPath(), errors));
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

    @ServerExceptionMapper
    public Response notJson(JsonProcessingException e, UriInfo uri) {
        return problem(Problem.of("invalid-request", "Invalid request", 400, "the body is not JSON: "
                + e.getOriginalMessage(), uri.getPath(), List.of(new Violation("", "not JSON"))));
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

    static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    static Response notFound(String what, UriInfo uri) {
        return problem(Problem.of("not-found", "Not found", 404, what + " not found", uri.getPath(), List.of()));
    }
}
