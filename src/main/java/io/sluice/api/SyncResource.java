package io.sluice.api;

import io.sluice.engine.Pauses;
import io.sluice.engine.Preview;
import io.sluice.engine.PreviewResult;
import io.sluice.engine.StartResult;
import io.sluice.engine.SyncHealth;
import io.sluice.engine.SyncEngine;
import io.sluice.engine.SyncStatus;
import io.sluice.schedule.CronTriggers;
import io.sluice.state.Stores;
import io.sluice.state.SyncControls;
import io.sluice.state.Trigger;
import io.sluice.sync.SyncDefinition;
import io.sluice.sync.SyncProblem;
import io.sluice.sync.SyncRegistry;
import io.sluice.sync.SyncReload;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Syncs: list, inspect, trigger runs, list their runs, pause and resume, preview, reload the sync files. */
@Path("/api/v1/syncs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "syncs", description = "Syncs loaded from the sync folder: inspect, run, pause, preview, reload")
public class SyncResource {
    static final int MAX_SAMPLE = 1000;
    static final int MAX_REASON = 1000;
    static final int MAX_RUNS = 500;
    private static final com.fasterxml.jackson.databind.ObjectMapper BODY = new com.fasterxml.jackson.databind.ObjectMapper();

    @Inject
    SyncEngine engine;

    @Inject
    SyncRegistry registry;

    @Inject
    Stores stores;

    @Inject
    CronTriggers triggers;

    @Inject
    RecordEndpoints records;

    @Inject
    Pauses pauses;

    @Inject
    Preview preview;

    /** The loaded syncs, and the sync files that were rejected with their problems. */
    @Schema(description = "The loaded syncs (one page: next is always null) and the sync files that were rejected")
    public record SyncList(@Schema(description = "every loaded sync") List<SyncView> items,
                           @Schema(description = "always null: the list is never paged") String next,
                           @Schema(description = "sync files that were rejected, with file, field and reason") List<SyncProblem> rejected) {
    }

    /** A page of a sync's runs, newest first. */
    @Schema(description = "A page of a sync's runs, newest first; pass next as after for the following page")
    public record RunPage(@Schema(description = "the runs of this page") List<RunView> items,
                          @Schema(description = "the cursor of the following page (its after: a run id), null on the last page") String next) {
    }

    /** Optional body of a pause: why, for whoever looks at the sync next. */
    @Schema(description = "Why a sync is paused")
    public record PauseRequest(@Schema(description = "why the sync is paused", examples = "CRM maintenance window") String reason) {
    }

    /** A sync's pause state after a pause or resume; {@code wasPaused} says whether a resume changed anything. */
    @Schema(description = "A sync's pause state after a pause or resume")
    public record PauseState(@Schema(description = "the sync's slug") String sync,
                             @Schema(description = "whether the sync is paused now") boolean paused,
                             @Schema(description = "since when it is paused (pause only)") Instant pausedAt,
                             @Schema(description = "why it is paused (pause only)") String reason,
                             @Schema(description = "whether it was paused before (resume only)") Boolean wasPaused) {
    }

    @GET
    @Operation(operationId = "listSyncs", summary = "List syncs", description = "Every loaded sync with its health, pause and record counts per apply state, "
            + "and the sync files that were rejected with file, field and reason.")
    @APIResponse(responseCode = "200", description = "the syncs and the rejected files", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SyncList.class), examples = @ExampleObject(name = "syncs", value = Examples.SYNC_LIST)))
    public Uni<SyncList> list() {
        List<SyncDefinition> all = List.copyOf(registry.all());
        if (all.isEmpty()) {
            return Uni.createFrom().item(new SyncList(List.of(), null, registry.rejected()));
        }
        // one trip per warehouse that reads every sync's status in a few statements, not a few statements per sync
        Map<String, List<SyncDefinition>> byWarehouse = new LinkedHashMap<>();
        all.forEach(s -> byWarehouse.computeIfAbsent(s.source().warehouse(), w -> new ArrayList<>()).add(s));
        record Statuses(Map<String, SyncStatus> statuses, Map<String, SyncControls.Pause> paused) {
        }
        return Multi.createFrom().iterable(byWarehouse.entrySet())
                .onItem().transformToUniAndConcatenate(e -> stores.on(e.getKey(), w -> new Statuses(
                        SyncHealth.readAll(w, e.getValue().stream().map(SyncDefinition::slug).toList()), w.controls().allPaused())))
                .collect().asList()
                .map(read -> {
                    Map<String, SyncStatus> statuses = new HashMap<>();
                    Map<String, SyncControls.Pause> paused = new HashMap<>();
                    read.forEach(r -> {
                        statuses.putAll(r.statuses());
                        paused.putAll(r.paused());
                    });
                    List<SyncView> views = all.stream().map(s -> SyncView.of(s, statuses.get(s.slug()),
                            Optional.ofNullable(paused.get(s.slug())), engine, triggers.skippedTicks(s.slug()))).toList();
                    return new SyncList(views, null, registry.rejected());
                });
    }

    @GET
    @Path("/{slug}")
    @Operation(operationId = "getSync", summary = "Get a sync", description = "The sync's definition, whether it is paused (since when, why), health, record "
            + "counts per apply state, latest and active run, and cron ticks skipped on this replica.")
    @APIResponse(responseCode = "200", description = "the sync", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SyncView.class), examples = @ExampleObject(name = "sync", value = Examples.SYNC)))
    @APIResponse(responseCode = "404", ref = SluiceApi.UNKNOWN_SYNC)
    public Uni<SyncView> get(@Parameter(description = "the sync's slug") @PathParam("slug") String slug) {
        return view(registry.get(slug));
    }

    private Uni<SyncView> view(SyncDefinition s) {
        return stores.on(s.source().warehouse(), w -> SyncHealth.read(w, s.slug())).chain(st -> pauses.of(s.slug())
                .map(pause -> SyncView.of(s, st, pause, engine, triggers.skippedTicks(s.slug()))));
    }

    /**
     * Starts a run: 202 with the run at once, or with {@code wait=true} 200 with the finished run; 409 with
     * the active run's id when the sync is already running, or with the pause when it is paused.
     */
    @POST
    @Path("/{slug}/runs")
    @Operation(operationId = "startRun", summary = "Start a run", description = "Starts a run of the sync now. Answers at once with the run (202), or with "
            + "wait=true when it has ended (200), for an orchestrator to act on its outcome. Refused with 409 while a run is active "
            + "(anywhere) or while the sync is paused.")
    @APIResponse(responseCode = "202", description = "the run started; Location names it", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RunView.class), examples = @ExampleObject(name = "run", value = Examples.RUN)))
    @APIResponse(responseCode = "200", description = "with wait=true: the finished run", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RunView.class), examples = @ExampleObject(name = "run", value = Examples.RUN)))
    @APIResponse(responseCode = "404", ref = SluiceApi.UNKNOWN_SYNC)
    @APIResponse(responseCode = "409", description = "a run is active (activeRunId), or the sync is paused (pausedAt, reason)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = {
                    @ExampleObject(name = "paused", value = Examples.PAUSED_PROBLEM),
                    @ExampleObject(name = "running", value = Examples.ACTIVE_PROBLEM)}))
    public Uni<Response> trigger(@Parameter(description = "the sync's slug") @PathParam("slug") String slug,
                                 @Parameter(description = "answer when the run has ended instead of at once",
                                         schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
                                 @QueryParam("wait") @DefaultValue("false") String waitParam) {
        boolean wait = QueryParams.bool(slug, "wait", waitParam);
        return engine.trigger(slug, Trigger.API).chain(result -> {
            if (result.pause() != null) {
                return Uni.createFrom().item(pausedProblem(slug, result));
            }
            if (!result.started()) {
                return Uni.createFrom().item(Problem.response(Problem.of(Response.Status.CONFLICT,
                        "sync '" + slug + "' already has an active run: " + result.activeRunId()).about(slug).withActiveRun(result.activeRunId())));
            }
            if (wait) {
                return result.completion().map(run -> Response.ok(RunView.of(run, java.util.Optional.empty())).build());
            }
            return Uni.createFrom().item(Response.accepted(RunView.of(result.run(), engine.progress(result.run().id())))
                    .header("Location", "/api/v1/runs/" + result.run().id()).build());
        });
    }

    private static Response pausedProblem(String slug, StartResult result) {
        String reason = result.pause().reason();
        return Problem.response(Problem.of(Response.Status.CONFLICT, "sync '" + slug + "' is paused since " + result.pause().since()
                        + (reason == null ? "" : ": " + reason) + "; resume it first (POST /api/v1/syncs/" + slug + "/resume)")
                .about(slug).withPause(result.pause().since(), reason));
    }

    @POST
    @Path("/{slug}/pause")
    @Operation(operationId = "pauseSync", summary = "Pause a sync", description = "A paused sync starts no run: its cron ticks are skipped (and counted), "
            + "syncs it triggers 'after' it are not started, and POST .../runs answers 409. A run already active finishes normally. "
            + "The pause is kept in the warehouse, so it holds across restarts and replicas. Pausing a paused sync keeps its "
            + "original time and reason.")
    @RequestBody(required = false, description = "optional reason", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PauseRequest.class)))
    @APIResponse(responseCode = "200", description = "the sync is paused", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PauseState.class), examples = @ExampleObject(name = "paused", value = Examples.PAUSE)))
    @APIResponse(responseCode = "400", ref = SluiceApi.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = SluiceApi.UNKNOWN_SYNC)
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> pause(@Parameter(description = "the sync's slug") @PathParam("slug") String slug, String text) {
        registry.get(slug);
        PauseRequest body;
        try {
            // read here rather than by the framework, so that a bare POST (no body, no content type) pauses too
            body = text == null || text.isBlank() ? null : BODY.readValue(text, PauseRequest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Uni.createFrom().item(ProblemMappers.badJson(e));
        }
        String reason = body == null || body.reason() == null || body.reason().isBlank() ? null : body.reason().strip();
        if (reason != null && reason.length() > MAX_REASON) {
            return Uni.createFrom().item(Problem.badRequest(slug, "reason", reason.length() + " characters",
                    "reason is at most " + MAX_REASON + " characters, was " + reason.length()));
        }
        return pauses.pause(slug, reason).map(p -> Response.ok(new PauseState(slug, true, p.since(), p.reason(), null)).build());
    }

    @POST
    @Path("/{slug}/resume")
    @Operation(operationId = "resumeSync", summary = "Resume a sync", description = "Lets the sync run again: its next cron tick, 'after' trigger or API call "
            + "starts a run. Idempotent: resuming a sync that is not paused answers 200 with wasPaused false.")
    @APIResponse(responseCode = "200", description = "the sync is not paused", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PauseState.class), examples = @ExampleObject(name = "resumed", value = Examples.RESUME)))
    @APIResponse(responseCode = "404", ref = SluiceApi.UNKNOWN_SYNC)
    public Uni<Response> resume(@Parameter(description = "the sync's slug") @PathParam("slug") String slug) {
        return pauses.resume(slug).map(was -> Response.ok(new PauseState(slug, false, null, null, was)).build());
    }

    @POST
    @Path("/{slug}/preview")
    @Operation(operationId = "previewRun", summary = "Preview a run (dry run)", description = "Runs the sync's own staging statement (exactly what a run would "
            + "stage now) into a temporary stage, and answers the counts per action, kind and apply reason, and a sample of records "
            + "with their action, apply reason and the payload the app would receive (rendered, for template syncs). It sends "
            + "nothing, changes no record state, writes no history and no run, and works while a run is active (the run is not "
            + "disturbed) or the sync is paused.")
    @APIResponse(responseCode = "200", description = "what a run would do", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PreviewResult.class), examples = @ExampleObject(name = "preview", value = Examples.PREVIEW)))
    @APIResponse(responseCode = "400", ref = SluiceApi.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = SluiceApi.UNKNOWN_SYNC)
    @APIResponse(responseCode = "422", description = "the staging statement failed (missing table, bad expression: the field is "
            + "named); a run would fail the same way", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> preview(@Parameter(description = "the sync's slug") @PathParam("slug") String slug,
                                 @Parameter(description = "how many staged records to show, in identifier order (0 to " + MAX_SAMPLE + ")",
                                         schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER,
                                                 defaultValue = "20", minimum = "0", maximum = "1000"))
                                 @QueryParam("sample") @DefaultValue("20") String sample) {
        registry.get(slug);
        int n;
        try {
            n = Integer.parseInt(sample.strip());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n > MAX_SAMPLE) {
            return Uni.createFrom().item(Problem.badRequest(slug, "sample", sample,
                    "sample must be a whole number from 0 to " + MAX_SAMPLE + ", was '" + sample + "'"));
        }
        return preview.preview(slug, n).map(p -> Response.ok(p).build());
    }

    @POST
    @Path("/reload")
    @Operation(operationId = "reloadSyncs", summary = "Reload the sync files", description = "Re-reads the sync folder without a restart and answers what changed "
            + "(slugs added, changed, removed; how many unchanged) and every rejected file with field and reason. Cron schedules "
            + "follow. A run already active keeps the definition it started with. A file that is now rejected but held a sync "
            + "before keeps that sync's previous definition in force (listed under kept), so a typo does not stop a sync; a "
            + "deleted file removes its sync. New and changed syncs are also checked against their warehouse, reading no row (the "
            + "table or query, id-column, mapped columns, filter and expressions): one that would fail its first run is rejected.")
    @APIResponse(responseCode = "200", description = "what the reload changed", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SyncReload.class), examples = @ExampleObject(name = "reload", value = Examples.RELOAD)))
    public SyncReload reload() {
        // not reactive: reading files blocks, so Quarkus REST runs this on a worker thread
        return registry.reload();
    }

    @GET
    @Path("/{slug}/runs")
    @Operation(operationId = "listSyncRuns", summary = "List a sync's runs", description = "The sync's runs, newest first, a page at a time; pass next as after "
            + "for the following page.")
    @APIResponse(responseCode = "200", description = "a page of runs", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RunPage.class)))
    @APIResponse(responseCode = "400", ref = SluiceApi.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = SluiceApi.UNKNOWN_SYNC)
    public Uni<RunPage> runs(@Parameter(description = "the sync's slug") @PathParam("slug") String slug,
                                   @Parameter(description = "cursor: the next value of the previous page") @QueryParam("after") String after,
                                   @Parameter(description = "at most this many runs (1 to 500)", schema = @Schema(type = SchemaType.INTEGER,
                                           defaultValue = "20")) @QueryParam("limit") @DefaultValue("20") String limit) {
        int bounded = Paging.bound(QueryParams.wholeNumber(slug, "limit", limit), MAX_RUNS);
        return stores.on(registry.get(slug).source().warehouse(), s -> s.runs().recent(slug, after, bounded)).map(runs -> new RunPage(runs.stream().map(r -> RunView.of(r, engine.progress(r.id()))).toList(),
                Paging.next(runs, bounded, io.sluice.state.Run::id)));
    }

    /** Records filtered by {@code applyState}, {@code action}, {@code applyReason}; {@code after} is the cursor from {@code next}. */
    @GET
    @Path("/{slug}/records")
    @Operation(operationId = "listRecords", summary = "List a sync's records", description = "Record state, filtered, in identifier order, a page at a time; "
            + "pass next as after for the following page.")
    @APIResponse(responseCode = "200", description = "a page of records", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RecordEndpoints.RecordPage.class)))
    @APIResponse(responseCode = "400", ref = SluiceApi.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = SluiceApi.UNKNOWN_SYNC)
    public Uni<Response> records(@Parameter(description = "the sync's slug") @PathParam("slug") String slug,
                                 @Parameter(description = "only records in this apply state (SUCCESS, DESTINATION_FAILURE, ...)")
                                 @QueryParam("applyState") String applyState,
                                 @Parameter(description = "only records whose last action was this (CREATE, UPDATE, ...)")
                                 @QueryParam("action") String action,
                                 @Parameter(description = "only records with this apply reason") @QueryParam("applyReason") String reason,
                                 @Parameter(description = "cursor: the next value of the previous page") @QueryParam("after") String after,
                                 @Parameter(description = "page size (1 to 1000)", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "100"))
                                 @QueryParam("limit") @DefaultValue("100") String limit) {
        return records.list(slug, applyState, action, reason, after, QueryParams.wholeNumber(slug, "limit", limit));
    }

    /** One record: its state and every run it was in (newest first). */
    @GET
    @Path("/{slug}/records/{identifier}")
    @Operation(operationId = "getRecord", summary = "Get a record", description = "The record's state and every run it was in (action, state, result, "
            + "payload sent), newest first.")
    @APIResponse(responseCode = "200", description = "the record and its history", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RecordEndpoints.RecordDetail.class)))
    @APIResponse(responseCode = "404", ref = SluiceApi.UNKNOWN_RECORD)
    public Uni<Response> record(@Parameter(description = "the sync's slug") @PathParam("slug") String slug,
                                @Parameter(description = "the record's identifier (the source's id column as text)")
                                @PathParam("identifier") String identifier,
                                @Parameter(description = "at most this many history rows", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "50"))
                                @QueryParam("limit") @DefaultValue("50") String limit) {
        return records.get(slug, identifier, QueryParams.wholeNumber(slug, "limit", limit));
    }

    /** {@code resync}, {@code skip-once} or {@code skip-always} for one record. */
    @POST
    @Path("/{slug}/records/{identifier}/{request}")
    @Operation(operationId = "requestOneRecord", summary = "Resync or skip one record", description = "Marks one record: resync re-sends it next run, skip-once "
            + "suppresses its current version, skip-always excludes it for good.")
    @APIResponse(responseCode = "200", description = "the record was marked", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RecordEndpoints.Marked.class)))
    @APIResponse(responseCode = "404", ref = SluiceApi.UNKNOWN_RECORD)
    public Uni<Response> requestOne(@Parameter(description = "the sync's slug") @PathParam("slug") String slug,
                                    @Parameter(description = "the record's identifier") @PathParam("identifier") String identifier,
                                    @Parameter(description = "resync, skip-once or skip-always") @PathParam("request") String request) {
        return records.requestOne(slug, identifier, request);
    }

    /** The same for {@code {"identifiers": [...]}}, {@code {"allFailed": true}} or (resync only) {@code {"all": true}}. */
    @POST
    @Path("/{slug}/requests/{request}")
    @Operation(operationId = "requestRecords", summary = "Resync or skip several records", description = "The same request for a list of identifiers, or for every "
            + "failed record with {\"allFailed\": true}, or (resync only) every record of the sync except those skipped always with "
            + "{\"all\": true}; answers how many records were marked. {\"all\": true} with skip-once or skip-always is refused (400).")
    @RequestBody(description = "{\"identifiers\": [...]}, {\"allFailed\": true} or {\"all\": true}", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RecordEndpoints.RecordRequest.class)))
    @APIResponse(responseCode = "200", description = "how many were marked", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RecordEndpoints.Marked.class)))
    @APIResponse(responseCode = "400", ref = SluiceApi.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = SluiceApi.UNKNOWN_RECORD)
    public Uni<Response> requestMany(@Parameter(description = "the sync's slug") @PathParam("slug") String slug,
                                     @Parameter(description = "resync, skip-once or skip-always") @PathParam("request") String request,
                                     RecordEndpoints.RecordRequest body) {
        return records.requestMany(slug, request, body);
    }
}
