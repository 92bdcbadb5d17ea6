package io.sluice.console;

import io.sluice.api.SyncResource;
import io.sluice.api.SyncView;
import io.sluice.engine.Pauses;
import io.sluice.engine.Preview;
import io.sluice.engine.PreviewFailedException;
import io.sluice.engine.SyncEngine;
import io.sluice.state.Health;
import io.sluice.state.Trigger;
import io.sluice.sync.SyncRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The syncs list and a sync's page (definition, runs chart, live active run, trigger, cancel, pause, resume, preview).
 * Reads through {@link SyncResource}, the same code as {@code GET /api/v1/syncs}, so the console never shows other
 * figures than the API.
 */
@Path("/")
@ConsolePage
@Produces(MediaType.TEXT_HTML)
public class SyncPages {
    static final int RUNS_PER_PAGE = 30;
    static final int MAX_SAMPLE = 100;

    @Inject
    CurrentViewer viewer;

    @Inject
    SyncResource api;

    @Inject
    SyncRegistry registry;

    @Inject
    SyncEngine engine;

    @Inject
    Pauses pauses;

    @Inject
    Preview preview;

    @GET
    public Uni<Response> syncs(@QueryParam("health") String health, @QueryParam("done") String done) {
        Viewer v = viewer.get();
        Health wanted = parseHealth(health);
        return api.list().map(list -> {
            List<SyncView> shown = list.items().stream().filter(s -> wanted == null || s.health() == wanted).toList();
            List<Pages.HealthChoice> choices = Arrays.stream(Health.values()).map(h -> new Pages.HealthChoice(h.name(),
                    Formats.words(h), list.items().stream().filter(s -> s.health() == h).count(), h == wanted)).toList();
            return Html.page(Pages.syncs(v, Html.notice(done), shown, list.rejected(), choices, wanted != null));
        });
    }

    @GET
    @Path("/syncs/{slug}")
    public Uni<Response> sync(@PathParam("slug") String slug, @QueryParam("after") String after, @QueryParam("done") String done) {
        Viewer v = viewer.get();
        return Html.orUnknownSync(v, () -> api.get(slug).chain(sync -> api.runs(slug, after, String.valueOf(RUNS_PER_PAGE))
                .map(runs -> Html.page(Pages.sync(v, Html.notice(done), sync, registry.get(slug), runs.items(), runs.next(),
                        RunChart.of(runs.items()))))));
    }

    /** The active-run panel alone, polled by the page every second while a run is active. */
    @GET
    @Path("/syncs/{slug}/active")
    public Uni<Response> active(@PathParam("slug") String slug) {
        Viewer v = viewer.get();
        return Html.orUnknownSync(v, () -> api.get(slug).map(sync -> Html.page(Pages.active(v, sync))));
    }

    @POST
    @Path("/syncs/{slug}/run")
    public Uni<Response> run(@PathParam("slug") String slug) {
        Viewer v = viewer.get();
        return Html.orUnknownSync(v, () -> {
            registry.get(slug);
            return engine.trigger(slug, Trigger.API).map(result -> Html.back(syncPath(slug),
                    result.pause() != null ? "refused-paused" : result.started() ? "started" : "busy"));
        });
    }

    @POST
    @Path("/syncs/{slug}/pause")
    public Uni<Response> pause(@PathParam("slug") String slug, @RestForm String reason) {
        Viewer v = viewer.get();
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (why != null && why.length() > 1000) {
            why = why.substring(0, 1000);
        }
        String kept = why;
        return Html.orUnknownSync(v, () -> {
            registry.get(slug);
            return pauses.pause(slug, kept).map(p -> Html.back(syncPath(slug), "paused"));
        });
    }

    @POST
    @Path("/syncs/{slug}/resume")
    public Uni<Response> resume(@PathParam("slug") String slug) {
        Viewer v = viewer.get();
        return Html.orUnknownSync(v, () -> {
            registry.get(slug);
            return pauses.resume(slug).map(was -> Html.back(syncPath(slug), "resumed"));
        });
    }

    @POST
    @Path("/runs/{id}/cancel")
    public Uni<Response> cancel(@PathParam("id") String id, @RestForm String sync) {
        Viewer v = viewer.get();
        return Html.orUnknownSync(v, () -> {
            registry.get(sync == null ? "" : sync);
            return engine.cancel(id).map(run -> Html.back(syncPath(sync), run.isPresent() ? "cancelling" : "not-active"));
        });
    }

    /** A dry run: what the next run would do, with a sample of payloads; nothing is sent. */
    @POST
    @Path("/syncs/{slug}/preview")
    public Uni<Response> preview(@PathParam("slug") String slug, @RestForm String sample) {
        Viewer v = viewer.get();
        int n = sampleSize(sample);
        return Html.orUnknownSync(v, () -> {
            registry.get(slug);
            return preview.preview(slug, n).map(p -> Html.page(Pages.preview(v, null, slug, p, null, n)))
                    .onFailure(PreviewFailedException.class).recoverWithItem(e -> Html.page(422,
                            Pages.preview(v, null, slug, null, e.getMessage(), n)));
        });
    }

    static String syncPath(String slug) {
        return "/syncs/" + Html.segment(slug);
    }

    private static int sampleSize(String sample) {
        try {
            return Math.max(0, Math.min(MAX_SAMPLE, Integer.parseInt(sample == null ? "20" : sample.strip())));
        } catch (NumberFormatException e) {
            return 20;
        }
    }

    private static Health parseHealth(String health) {
        if (health == null || health.isBlank()) {
            return null;
        }
        try {
            return Health.valueOf(health.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
