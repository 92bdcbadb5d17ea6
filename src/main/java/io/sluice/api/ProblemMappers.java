package io.sluice.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.sluice.engine.PreviewFailedException;
import io.sluice.engine.UnknownSyncException;
import io.sluice.warehouse.WarehouseException;
import jakarta.ws.rs.core.Response;
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

    static Response badJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                ? m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[")
                : null;
        return Problem.response(Problem.of(Response.Status.BAD_REQUEST, "the request body is not valid"
                + (field == null ? " JSON" : ": member '" + field + "' has the wrong type") + ": " + e.getOriginalMessage()).withField(field, null));
    }
}
