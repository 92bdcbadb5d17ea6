package io.sluice.api;

import io.sluice.engine.UnknownSyncException;
import io.sluice.warehouse.WarehouseException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps failures to problem details that name what was wrong. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response unknownSync(UnknownSyncException e) {
        return Problem.response(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response warehouse(WarehouseException e) {
        LOG.warn(e.getMessage());
        return Problem.response(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
    }
}
