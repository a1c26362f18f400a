package dev.unison.feedback.rest;

import dev.unison.contracts.rest.Problems;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of this service as an RFC 9457 problem document. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response problem(Exception e, UriInfo uri) {
        return Problems.response(e, uri.getPath());
    }
}
