package dev.unison.journey.rest;

import dev.unison.contracts.EventValidator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/** The JSON Schemas of the event and alert contracts, as published in contracts/src/main/resources/schemas. */
@Path("/schemas")
public class SchemaResource {

    public record SchemaRef(String name, String href) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The names of the contract schemas: the envelope, every event kind, the alert")
    public List<SchemaRef> list(UriInfo uri) {
        return EventValidator.schemaNames().stream()
                .map(name -> new SchemaRef(name, uri.getBaseUriBuilder().path("schemas").path(name).build().toString()))
                .toList();
    }

    @GET
    @Path("/{name}")
    @Produces("application/schema+json")
    @Operation(summary = "One JSON Schema (2020-12)")
    public byte[] schema(@PathParam("name") String name) {
        byte[] text = EventValidator.schemaText(name.endsWith(".json") ? name.substring(0, name.length() - 5) : name);
        if (text == null) {
            throw new NotFoundException("no schema named " + name);
        }
        return text;
    }
}
