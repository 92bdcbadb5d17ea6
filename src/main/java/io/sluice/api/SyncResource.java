package io.sluice.api;

import io.sluice.engine.SyncEngine;
import io.sluice.schedule.CronTriggers;
import io.sluice.state.Trigger;
import io.sluice.sync.SyncDefinition;
import io.sluice.sync.SyncProblem;
import io.sluice.sync.SyncRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Syncs: list, inspect, trigger runs, list their runs. */
@Path("/api/v1/syncs")
@Produces(MediaType.APPLICATION_JSON)
public class SyncResource {

    @Inject
    SyncEngine engine;

    @Inject
    SyncRegistry registry;

    @Inject
    CronTriggers triggers;

    @Inject
    RecordEndpoints records;

    /** The loaded syncs, and the sync files that were rejected with their problems. */
    public record SyncList(List<SyncView> syncs, List<SyncProblem> rejected) {
    }

    @GET
    public Uni<SyncList> list() {
        List<SyncDefinition> all = List.copyOf(registry.all());
        if (all.isEmpty()) {
            return Uni.createFrom().item(new SyncList(List.of(), registry.rejected()));
        }
        return Multi.createFrom().iterable(all)
                .onItem().transformToUniAndConcatenate(s -> engine.status(s.slug()).map(st -> SyncView.of(s, st, engine, triggers.skippedTicks(s.slug()))))
                .collect().asList()
                .map(views -> new SyncList(views, registry.rejected()));
    }

    @GET
    @Path("/{slug}")
    public Uni<SyncView> get(@PathParam("slug") String slug) {
        SyncDefinition s = engine.sync(slug);
        return engine.status(slug).map(st -> SyncView.of(s, st, engine, triggers.skippedTicks(s.slug())));
    }

    /**
     * Starts a run: 202 with the run at once, or with {@code wait=true} 200 with the finished run; 409 with
     * the active run's id when the sync is already running.
     */
    @POST
    @Path("/{slug}/runs")
    public Uni<Response> trigger(@PathParam("slug") String slug, @QueryParam("wait") @DefaultValue("false") boolean wait) {
        return engine.trigger(slug, Trigger.API).chain(result -> {
            if (!result.started()) {
                return Uni.createFrom().item(Problem.response(Response.Status.CONFLICT,
                        "sync '" + slug + "' already has an active run: " + result.activeRunId(), result.activeRunId()));
            }
            if (wait) {
                return result.completion().map(run -> Response.ok(RunView.of(run, java.util.Optional.empty())).build());
            }
            return Uni.createFrom().item(Response.accepted(RunView.of(result.run(), engine.progress(result.run().id())))
                    .header("Location", "/api/v1/runs/" + result.run().id()).build());
        });
    }

    @GET
    @Path("/{slug}/runs")
    public Uni<List<RunView>> runs(@PathParam("slug") String slug, @QueryParam("limit") @DefaultValue("20") int limit) {
        int bounded = Math.max(1, Math.min(limit, 500));
        return engine.runs(slug, bounded).map(runs -> runs.stream().map(r -> RunView.of(r, engine.progress(r.id()))).toList());
    }

    /** Records filtered by {@code applyState}, {@code action}, {@code applyReason}; {@code after} is the cursor from {@code next}. */
    @GET
    @Path("/{slug}/records")
    public Uni<Response> records(@PathParam("slug") String slug, @QueryParam("applyState") String applyState,
                                 @QueryParam("action") String action, @QueryParam("applyReason") String reason,
                                 @QueryParam("after") String after, @QueryParam("limit") @DefaultValue("100") int limit) {
        return records.list(slug, applyState, action, reason, after, limit);
    }

    /** One record: its state and every run it was in (newest first). */
    @GET
    @Path("/{slug}/records/{identifier}")
    public Uni<Response> record(@PathParam("slug") String slug, @PathParam("identifier") String identifier,
                                @QueryParam("limit") @DefaultValue("50") int limit) {
        return records.get(slug, identifier, limit);
    }

    /** {@code resync}, {@code skip-once} or {@code skip-always} for one record. */
    @POST
    @Path("/{slug}/records/{identifier}/{request}")
    public Uni<Response> requestOne(@PathParam("slug") String slug, @PathParam("identifier") String identifier,
                                    @PathParam("request") String request) {
        return records.requestOne(slug, identifier, request);
    }

    /** The same for {@code {"identifiers": [...]}} or {@code {"allFailed": true}}. */
    @POST
    @Path("/{slug}/requests/{request}")
    public Uni<Response> requestMany(@PathParam("slug") String slug, @PathParam("request") String request, RecordEndpoints.RecordRequest body) {
        return records.requestMany(slug, request, body);
    }
}
