package io.sluice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem detail. Extension members name what was wrong, each only when it applies:
 * {@code activeRunId} on a 409 for a running sync; {@code sync}; {@code field} and {@code value} for a bad
 * parameter or body member; {@code pausedAt} and {@code reason} on a 409 for a paused sync.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
public record Problem(
        @Schema(description = "problem type URI", examples = "about:blank") String type,
        @Schema(description = "the HTTP reason phrase", examples = "Conflict") String title,
        @Schema(description = "the HTTP status", examples = "409") int status,
        @Schema(description = "what was wrong, in words", examples = "sync 'contacts-to-crm' is paused since 2025-05-01T08:00:00Z: CRM migration") String detail,
        @Schema(description = "the run holding the sync's lock (409 while a run is active)") String activeRunId,
        @Schema(description = "the sync concerned") String sync,
        @Schema(description = "the parameter or body member that was wrong", examples = "sample") String field,
        @Schema(description = "the value that was refused", examples = "-1") String value,
        @Schema(description = "since when the sync is paused (409 for a paused sync)") Instant pausedAt,
        @Schema(description = "why the sync was paused (409 for a paused sync)") String reason) {
    /** The media type of a problem detail. */
    public static final String MEDIA_TYPE = "application/problem+json";

    static Response response(Response.Status status, String detail) {
        return response(of(status, detail));
    }

    static Response response(Problem problem) {
        return Response.status(problem.status()).type(MEDIA_TYPE).entity(problem).build();
    }

    static Problem of(Response.Status status, String detail) {
        return of(status.getStatusCode(), status.getReasonPhrase(), detail);
    }

    /**
     * Ends a router-level answer with this problem, for handlers that run before or beside the REST resources (where
     * no exception mapper applies).
     */
    public void send(RoutingContext context, ObjectMapper json) {
        String body;
        try {
            body = json.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem record always serialises", e);
        }
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE).end(body);
    }

    /** A problem with no extension member; {@code title} is the HTTP reason phrase. */
    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null, null, null, null, null);
    }

    /** A bad parameter or body member: 400 naming the field and the refused value. */
    static Response badRequest(String sync, String field, Object value, String detail) {
        return response(of(Response.Status.BAD_REQUEST, detail).about(sync).withField(field, value == null ? null : String.valueOf(value)));
    }

    Problem withActiveRun(String runId) {
        return new Problem(type, title, status, detail, runId, sync, field, value, pausedAt, reason);
    }

    Problem about(String slug) {
        return new Problem(type, title, status, detail, activeRunId, slug, field, value, pausedAt, reason);
    }

    Problem withField(String name, String refused) {
        return new Problem(type, title, status, detail, activeRunId, sync, name, refused, pausedAt, reason);
    }

    Problem withPause(Instant since, String why) {
        return new Problem(type, title, status, detail, activeRunId, sync, field, value, since, why);
    }
}
