package io.sluice.api;

import io.sluice.engine.SyncEngine;
import io.sluice.state.Stores;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Runs by id: inspect (with live progress while active) and cancel. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs", description = "Runs by id: inspect, cancel, list their records")
public class RunResource {

    @Inject
    SyncEngine engine;

    @Inject
    Stores stores;

    @Inject
    RecordEndpoints records;

    @GET
    @Path("/{id}")
    @Operation(operationId = "getRun", summary = "Get a run", description = "One run: trigger, times, state, health, global error, counts per action and "
            + "apply state, records staged, and live progress (phase, staged, sent, resolvedLocally, committed, remaining, ratePerSecond, "
            + "eta) while it is active on this replica.")
    @APIResponse(responseCode = "200", description = "the run", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RunView.class), examples = @ExampleObject(name = "run", value = Examples.RUN)))
    @APIResponse(responseCode = "404", ref = SluiceApi.UNKNOWN_RUN)
    public Uni<Response> get(@Parameter(description = "the run's id") @PathParam("id") String id) {
        return stores.findRun(id).map(run -> run
                .map(r -> Response.ok(RunView.of(r, engine.progress(r.id()))).build())
                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "no run with id '" + id + "'")));
    }

    /** Stops sending; what came back is committed, the rest becomes DELAYED and the run ends DELAYED. */
    @POST
    @Path("/{id}/cancel")
    @Operation(operationId = "cancelRun", summary = "Cancel a run", description = "Stops sending: what came back is committed, the rest becomes DELAYED and "
            + "the run ends DELAYED. Works for a run on any replica (seen on its next heartbeat). Cancelling again answers the same: "
            + "cancelRequestedAt keeps the time of the first request.")
    @APIResponse(responseCode = "202", description = "cancellation requested; the run as it is now", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "404", ref = SluiceApi.UNKNOWN_RUN)
    public Uni<Response> cancel(@Parameter(description = "the run's id") @PathParam("id") String id) {
        return engine.cancel(id).map(run -> run
                .map(r -> Response.accepted(RunView.of(r, engine.progress(id))).build())
                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "no active run with id '" + id + "'")));
    }

    /** The records of a run (its history rows), in identifier order; {@code after} is the cursor from {@code next}. */
    @GET
    @Path("/{id}/records")
    @Operation(operationId = "listRunRecords", summary = "List a run's records", description = "The history rows of one run (action, state, result, payload sent), "
            + "in identifier order, a page at a time; pass next as after for the following page.")
    @APIResponse(responseCode = "200", description = "a page of the run's records", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RecordEndpoints.HistoryPage.class)))
    @APIResponse(responseCode = "404", ref = SluiceApi.UNKNOWN_RUN)
    public Uni<Response> records(@Parameter(description = "the run's id") @PathParam("id") String id,
                                 @Parameter(description = "cursor: the next value of the previous page") @QueryParam("after") String after,
                                 @Parameter(description = "page size (1 to 1000)", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "100"))
                                 @QueryParam("limit") @DefaultValue("100") String limit) {
        return records.ofRun(id, after, QueryParams.wholeNumber(null, "limit", limit));
    }
}
