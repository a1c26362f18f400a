package dev.unison.journey.repository;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A case with no case-closed touch; department is the one holding it now. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OpenCase(String caseId, java.time.OffsetDateTime openedAt, String department, String issueKey, int transfers) {
}
