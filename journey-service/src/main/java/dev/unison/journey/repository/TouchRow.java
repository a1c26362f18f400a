package dev.unison.journey.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;

/**
 * One stored touch as analysts see it. {@code data} is the stored JSON as PostgreSQL returns it, written into the
 * response as it is: parsing it into a tree only to write the tree out again was a third of a journey request's CPU.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TouchRow(String id, String source, String type, String kind, OffsetDateTime time, String department,
                       String channel, String direction, String initiatedBy, String caseId,
                       @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "the touch's data as it was sent")
                       String data) {
}
