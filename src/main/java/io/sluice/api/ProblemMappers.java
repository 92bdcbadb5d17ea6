package io.sluice.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.sluice.engine.PreviewFailedException;
import io.sluice.sync.UnknownSyncException;
import io.sluice.warehouse.WarehouseException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps failures to problem details that name what was wrong. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response unknownSync(UnknownSyncException e) {
        return Problem.response(Problem.of(Response.Status.NOT_FOUND, e.getMessage()).about(e.slug()));
    }

    @ServerExceptionMapper
    public Response warehouse(WarehouseException e) {
        LOG.warn(e.getMessage());
        return Problem.response(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
    }

    /** The staging statement failed in a preview: what a run would store as its global error. */
    @ServerExceptionMapper
    public Response previewFailed(PreviewFailedException e) {
        return Problem.response(Problem.of(422, "Unprocessable Content",
                "preview of sync '" + e.slug() + "' failed; a run would fail the same way: " + e.getMessage()).about(e.slug()));
    }

    /** A query parameter that cannot be read: 400 naming it and the refused value. */
    @ServerExceptionMapper
    public Response badParameter(BadParameterException e) {
        return Problem.badRequest(e.sync, e.field, e.value, e.getMessage());
    }

    /** A request body that is not JSON, or whose members have the wrong type: 400 naming the member. */
    @ServerExceptionMapper
    public Response badBody(JsonProcessingException e) {
        return badJson(e);
    }

    /** More specific than Quarkus's own mapper for it, so that a wrong member type is a problem detail too. */
    @ServerExceptionMapper
    public Response badMember(MismatchedInputException e) {
        return badJson(e);
    }

    /**
     * What the framework refuses before a resource method runs (a body that is not JSON, a method or media type the
     * path does not take, no resource at the path) would otherwise be an empty answer: a problem detail instead.
     */
    @ServerExceptionMapper
    public Response refused(WebApplicationException e, UriInfo uri, Request request, HttpHeaders headers) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return badJson(json);
        }
        Response framework = e.getResponse();
        if (framework.hasEntity()) {
            return framework;
        }
        String path = "/" + uri.getPath().replaceFirst("^/", "");
        String call = request.getMethod() + " " + path;
        String detail = switch (framework.getStatus()) {
            case 404 -> "there is nothing at " + call + "; the REST API is described at /q/openapi";
            case 405 -> request.getMethod() + " is not allowed on " + path + "; it takes " + String.join(", ", framework.getAllowedMethods());
            case 415 -> "the body of " + call + " must be application/json, was '"
                    + Objects.requireNonNullElse(headers.getMediaType(), "no content type") + "'";
            case 406 -> call + " answers application/json only";
            default -> e.getMessage();
        };
        Response.ResponseBuilder answer = Response.status(framework.getStatus()).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(framework.getStatus(), framework.getStatusInfo().getReasonPhrase(), detail));
        framework.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(v -> answer.header(name, v));
            }
        });
        return answer.build();
    }

    static Response badJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                ? m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[")
                : null;
        String detail;
        if (e instanceof StreamReadException || e.getCause() instanceof StreamReadException) {
            StreamReadException syntax = e instanceof StreamReadException r ? r : (StreamReadException) e.getCause();
            detail = "the request body is not valid JSON" + (field == null ? "" : " (in member '" + field + "')") + ": "
                    + syntax.getOriginalMessage();
        } else if (field == null) {
            detail = "the request body is not valid JSON: " + e.getOriginalMessage();
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            detail = "the request body is not valid: member '" + field + "' must be " + JsonTypes.expected(m.getTargetType());
        } else {
            detail = "the request body is not valid: member '" + field + "' has the wrong type";
        }
        return Problem.response(Problem.of(Response.Status.BAD_REQUEST, detail).withField(field, null));
    }
}
