package io.sluice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem detail; {@code activeRunId} is set on 409 answers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String activeRunId) {
    static final String MEDIA_TYPE = "application/problem+json";

    static Response response(Response.Status status, String detail) {
        return response(status, detail, null);
    }

    static Response response(Response.Status status, String detail, String activeRunId) {
        return Response.status(status).type(MEDIA_TYPE)
                .entity(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, activeRunId)).build();
    }
}
