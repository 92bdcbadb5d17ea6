package io.sluice.api;

import io.sluice.engine.SyncEngine;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Runs by id: inspect (with live progress while active) and cancel. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    @Inject
    SyncEngine engine;

    @Inject
    RecordEndpoints records;

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("id") String id) {
        return engine.findRun(id).map(run -> run
                .map(r -> Response.ok(RunView.of(r, engine.progress(r.id()))).build())
                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "no run with id '" + id + "'")));
    }

    /** Stops sending; what came back is committed, the rest becomes DELAYED and the run ends DELAYED. */
    @POST
    @Path("/{id}/cancel")
    public Uni<Response> cancel(@PathParam("id") String id) {
        return engine.cancel(id).chain(found -> found
                ? engine.findRun(id).map(r -> Response.accepted(RunView.of(r.orElseThrow(), engine.progress(id))).build())
                : Uni.createFrom().item(Problem.response(Response.Status.NOT_FOUND, "no active run with id '" + id + "'")));
    }

    /** The records of a run (its history rows), in identifier order; {@code after} is the cursor from {@code next}. */
    @GET
    @Path("/{id}/records")
    public Uni<Response> records(@PathParam("id") String id, @QueryParam("after") String after,
                                 @QueryParam("limit") @DefaultValue("100") int limit) {
        return records.ofRun(id, after, limit);
    }
}
