package io.sluice.console;

import io.sluice.api.Paging;
import io.sluice.api.RecordEndpoints;
import io.sluice.engine.Records;
import io.sluice.plugin.Action;
import io.sluice.state.ApplyReason;
import io.sluice.state.ApplyState;
import io.sluice.state.HistoryView;
import io.sluice.state.RecordQueries;
import io.sluice.state.RecordView;
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
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;

/**
 * A sync's records: a filtered, paged table (one page from the warehouse per request), bulk skip and resync, and a
 * record's page with its history and the changes between the payloads sent. Reads and marks through
 * {@link Records}, as the API does.
 */
@Path("/syncs/{slug}/records")
@ConsolePage
@Produces(MediaType.TEXT_HTML)
public class RecordPages {
    static final int PAGE = 50;
    static final int HISTORY = 50;

    @Inject
    CurrentViewer viewer;

    @Inject
    Records records;

    @Inject
    SyncRegistry registry;

    @GET
    public Uni<Response> list(@PathParam("slug") String slug, @QueryParam("applyState") String applyState, @QueryParam("action") String action,
                              @QueryParam("applyReason") String applyReason, @QueryParam("after") String after,
                              @QueryParam("q") String query, @QueryParam("done") String done) {
        Viewer v = viewer.get();
        if (query != null && !query.isBlank()) {
            return Uni.createFrom().item(Response.seeOther(URI.create(recordPath(slug, query.strip()))).build());
        }
        ApplyState state = parse(ApplyState.class, applyState);
        Action act = parse(Action.class, action);
        ApplyReason reason = parse(ApplyReason.class, applyReason);
        Pages.RecordFilter filter = new Pages.RecordFilter(state == null ? "" : state.name(), act == null ? "" : act.name(),
                reason == null ? "" : reason.name(), names(ApplyState.values()), names(Action.values()), names(ApplyReason.values()));
        RecordQueries.Filter query1 = new RecordQueries.Filter(state, act == null ? null : act.name(), reason == null ? null : reason.name());
        return Html.orUnknownSync(v, () -> records.list(slug, query1, after, PAGE).map(page -> Html.page(Pages.records(v, Html.notice(done),
                slug, page, Paging.next(page, PAGE, RecordView::identifier), filter, null))));
    }

    /** Skip once, skip always or resync the ticked records, or every failed record. */
    @POST
    public Uni<Response> request(@PathParam("slug") String slug, @RestForm String request, @RestForm("id") List<String> ids,
                                 @RestForm String scope, @RestForm String applyState, @RestForm String action,
                                 @RestForm String applyReason) {
        Viewer v = viewer.get();
        Optional<ApplyState> state = RecordEndpoints.requestedState(request == null ? "" : request);
        String returnTo = listPath(slug, parse(ApplyState.class, applyState), parse(Action.class, action), parse(ApplyReason.class, applyReason));
        if (state.isEmpty()) {
            return Uni.createFrom().item(Html.page(Response.Status.BAD_REQUEST, Pages.problem(v, null, "Unknown request",
                    "'" + request + "' is not resync, skip-once or skip-always")));
        }
        List<String> chosen = "all-failed".equals(scope) ? null : ids == null ? List.of() : ids;
        if (chosen != null && chosen.isEmpty()) {
            return Uni.createFrom().item(Html.back(returnTo, "none-marked"));
        }
        return Html.orUnknownSync(v, () -> records.request(slug, chosen, state.get())
                .map(n -> Html.back(returnTo, n == 0 ? "none-marked" : "marked")));
    }

    @GET
    @Path("/{identifier}")
    public Uni<Response> record(@PathParam("slug") String slug, @PathParam("identifier") String identifier, @QueryParam("done") String done) {
        Viewer v = viewer.get();
        return Html.orUnknownSync(v, () -> records.get(slug, identifier).chain(record -> records.history(slug, identifier, HISTORY)
                .map(history -> record.isEmpty() && history.isEmpty()
                        ? Html.page(Response.Status.NOT_FOUND, Pages.problem(v, null, "No such record",
                        "sync '" + slug + "' has no record '" + identifier + "'"))
                        : Html.page(Pages.record(v, Html.notice(done), slug, identifier, record.orElse(null), withChanges(history))))));
    }

    @POST
    @Path("/{identifier}/{request}")
    public Uni<Response> requestOne(@PathParam("slug") String slug, @PathParam("identifier") String identifier,
                                   @PathParam("request") String request) {
        Viewer v = viewer.get();
        Optional<ApplyState> state = RecordEndpoints.requestedState(request);
        if (state.isEmpty()) {
            return Uni.createFrom().item(Html.page(Response.Status.NOT_FOUND, Pages.problem(v, null, "Unknown request",
                    "'" + request + "' is not resync, skip-once or skip-always")));
        }
        return Html.orUnknownSync(v, () -> records.request(slug, List.of(identifier), state.get())
                .map(n -> Html.back(recordPath(slug, identifier), n == 0 ? "none-marked" : "marked")));
    }

    /** The list with the filter it was posted from (parsed values only, so nothing the caller sent is echoed). */
    static String listPath(String slug, ApplyState state, Action action, ApplyReason reason) {
        return SyncPages.syncPath(slug) + "/records?applyState=" + (state == null ? "" : state.name()) + "&action="
                + (action == null ? "" : action.name()) + "&applyReason=" + (reason == null ? "" : reason.name());
    }

    static String recordPath(String slug, String identifier) {
        return SyncPages.syncPath(slug) + "/records/" + Html.segment(identifier);
    }

    /** History is newest first: each row is compared with the next older row that sent a payload. */
    static List<Pages.HistoryEntry> withChanges(List<HistoryView> history) {
        List<Pages.HistoryEntry> entries = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            HistoryView row = history.get(i);
            HistoryView older = null;
            for (int j = i + 1; j < history.size() && older == null; j++) {
                if (history.get(j).record() != null && !history.get(j).record().isNull()) {
                    older = history.get(j);
                }
            }
            entries.add(new Pages.HistoryEntry(row, older == null ? List.of() : PayloadDiff.between(older.record(), row.record()), older == null));
        }
        return entries;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
