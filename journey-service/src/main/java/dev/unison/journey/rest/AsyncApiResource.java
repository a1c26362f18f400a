package dev.unison.journey.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The AsyncAPI 3 document of every topic (contracts/src/main/resources/asyncapi.yaml), beside the schemas it names. */
@Path("/asyncapi")
public class AsyncApiResource {
    private static final byte[] DOCUMENT = read();

    @GET
    @Produces("application/yaml")
    @Operation(summary = "The AsyncAPI 3 document of Unison's topics; its payloads refer to GET /schemas/{name}")
    public byte[] document() {
        return DOCUMENT;
    }

    private static byte[] read() {
        try (InputStream in = AsyncApiResource.class.getResourceAsStream("/asyncapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("asyncapi.yaml is missing from the contracts jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
