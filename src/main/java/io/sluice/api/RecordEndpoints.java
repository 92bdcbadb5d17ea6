package io.sluice.api;

import io.sluice.engine.Records;
import io.sluice.state.ApplyState;
import io.sluice.state.HistoryView;
import io.sluice.state.RecordQueries;
import io.sluice.state.RecordView;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A sync's records: filtered lists with cursor paging, one record with its history, a run's records, and
 * operator requests. Exposed by {@link SyncResource} and {@link RunResource}, which own the path prefixes.
 */
@jakarta.enterprise.context.ApplicationScoped
public class RecordEndpoints {
    private static final int MAX_LIMIT = 1000;

    @Inject
    Records records;

    /** A page of records in identifier order. */
    @Schema(description = "A page of records; pass next as after for the following page")
    public record RecordPage(@Schema(description = "the records of this page") List<RecordView> items,
                             @Schema(description = "the cursor of the following page (its after), null on the last page") String next) {
    }

    /** A record's state and every run it was in. */
    @Schema(description = "A record's state and its history")
    public record RecordDetail(@Schema(description = "the record's state; null once a mirror DELETE removed it while history remains")
                               RecordView record,
                               @Schema(description = "every run the record was in, newest first") List<HistoryView> history) {
    }

    /** A page of a run's records (its history rows). */
    @Schema(description = "A page of a run's records; pass next as after for the following page")
    public record HistoryPage(@Schema(description = "the history rows of this page, in identifier order") List<HistoryView> items,
                              @Schema(description = "the cursor of the following page (its after), null on the last page") String next) {
    }

    /**
     * Body of a request on several records: exactly one of {@code identifiers}, {@code allFailed: true}, or (resync
     * only) {@code all: true}.
     */
    @Schema(description = "The records a request applies to: identifiers, allFailed true, or (resync only) all true")
    public record RecordRequest(
            @Schema(description = "the records to mark, by identifier") List<String> identifiers,
            @Schema(description = "true: every record whose last attempt failed") Boolean allFailed,
            @Schema(description = "true: every record of the sync except those skipped always (resync only)") Boolean all) {
        private int choices() {
            return (identifiers == null ? 0 : 1) + (Boolean.TRUE.equals(allFailed) ? 1 : 0) + (Boolean.TRUE.equals(all) ? 1 : 0);
        }
    }

    /** How many records a request marked. */
    @Schema(description = "How many records a request marked")
    public record Marked(@Schema(description = "the request: resync, skip-once or skip-always", examples = "resync") String request,
                         @Schema(description = "how many records were marked (those with state)", examples = "2") int marked) {
    }

    Uni<Response> list(String slug, String applyState, String action, String reason, String after, int limit) {
        ApplyState state;
        try {
            state = applyState == null ? null : ApplyState.valueOf(applyState.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Problem.badRequest(slug, "applyState", applyState, "applyState '" + applyState
                    + "' is not one of " + List.of(ApplyState.values())));
        }
        int bounded = Paging.bound(limit, MAX_LIMIT);
        RecordQueries.Filter filter = new RecordQueries.Filter(state, upper(action), upper(reason));
        return records.list(slug, filter, after, bounded)
                .map(page -> Response.ok(new RecordPage(page, Paging.next(page, bounded, RecordView::identifier))).build());
    }

    /**
     * The record's state and history; {@code record} is null when the state row is gone (a mirror DELETE removes it)
     * but runs still remember the record. 404 only when neither exists.
     */
    Uni<Response> get(String slug, String identifier, int limit) {
        return records.get(slug, identifier).chain(record -> records.history(slug, identifier, Paging.bound(limit, MAX_LIMIT))
                .map(history -> record.isEmpty() && history.isEmpty() ? noRecord(slug, identifier)
                        : Response.ok(new RecordDetail(record.orElse(null), history)).build()));
    }

    Uni<Response> ofRun(String runId, String after, int limit) {
        int bounded = Paging.bound(limit, MAX_LIMIT);
        return records.ofRun(runId, after, bounded).map(page -> page
                .map(p -> Response.ok(new HistoryPage(p, Paging.next(p, bounded, HistoryView::identifier))).build())
                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "no run with id '" + runId + "'")));
    }

    /** {@code resync}, {@code skip-once} or {@code skip-always} for one record. */
    Uni<Response> requestOne(String slug, String identifier, String request) {
        return requestedState(request)
                .map(state -> records.request(slug, List.of(identifier), state).map(n -> n == 0 ? noRecord(slug, identifier)
                        : Response.ok(new Marked(request, n)).build()))
                .orElseGet(() -> Uni.createFrom().item(unknownRequest(slug, request)));
    }

    /**
     * The same for a list of records, for every failed record with {@code {"allFailed": true}}, or, for a resync
     * only, for every record of the sync with {@code {"all": true}}. Skipping every record at once is refused: it
     * would silently drop the sync's pending changes or exclude it for good, which pausing the sync does visibly.
     */
    Uni<Response> requestMany(String slug, String request, RecordRequest body) {
        if (body == null || body.choices() != 1) {
            return Uni.createFrom().item(Problem.response(Problem.of(Response.Status.BAD_REQUEST,
                    "send exactly one of {\"identifiers\": [...]}, {\"allFailed\": true} or {\"all\": true}").about(slug)));
        }
        Optional<ApplyState> state = requestedState(request);
        if (state.isEmpty()) {
            return Uni.createFrom().item(unknownRequest(slug, request));
        }
        if (Boolean.TRUE.equals(body.all())) {
            return state.get() == ApplyState.RESYNC_REQUESTED
                    ? records.resyncAll(slug).map(n -> Response.ok(new Marked(request, n)).build())
                    : Uni.createFrom().item(Problem.badRequest(slug, "all", true, "{\"all\": true} works with resync only, not "
                    + request + "; to stop sync '" + slug + "' sending, pause it (POST /api/v1/syncs/" + slug + "/pause)"));
        }
        return records.request(slug, body.identifiers(), state.get()).map(n -> Response.ok(new Marked(request, n)).build());
    }

    /** The apply state a request (resync, skip-once, skip-always) sets; empty for any other word. */
    public static Optional<ApplyState> requestedState(String request) {
        return Optional.ofNullable(switch (request) {
            case "resync" -> ApplyState.RESYNC_REQUESTED;
            case "skip-once" -> ApplyState.SKIPPED_ONCE;
            case "skip-always" -> ApplyState.SKIPPED_ALWAYS;
            default -> null;
        });
    }

    private static Response noRecord(String slug, String identifier) {
        return Problem.response(Problem.of(Response.Status.NOT_FOUND, "sync '" + slug + "' has no record '" + identifier + "'").about(slug));
    }

    private static Response unknownRequest(String slug, String request) {
        return Problem.response(Problem.of(Response.Status.NOT_FOUND, "unknown request '" + request
                + "'; use resync, skip-once or skip-always").about(slug).withField("request", request));
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }
}
