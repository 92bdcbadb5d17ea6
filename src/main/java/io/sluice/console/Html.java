package io.sluice.console;

import io.quarkus.qute.TemplateInstance;
import io.sluice.sync.UnknownSyncException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/** Answers of console pages: a rendered page, a redirect after a form (with a notice), a page saying what is missing. */
final class Html {
    private static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("UTF-8");

    /** What a finished form says on the page it returns to ({@code ?done=...}); unknown words show nothing. */
    private static final Map<String, String> NOTICES = Map.ofEntries(
            Map.entry("started", "Run started."),
            Map.entry("busy", "A run of this sync is already active; it was not started again."),
            Map.entry("refused-paused", "This sync is paused: resume it before starting a run."),
            Map.entry("paused", "Sync paused: no run starts until it is resumed."),
            Map.entry("resumed", "Sync resumed."),
            Map.entry("cancelling", "Cancellation requested: what came back is committed, the rest becomes delayed."),
            Map.entry("not-active", "That run is no longer active."),
            Map.entry("marked", "Records marked; the next run acts on them."),
            Map.entry("none-marked", "No record was marked (none matched)."),
            Map.entry("checked", "Connection checked."));

    private Html() {
    }

    static Response page(TemplateInstance page) {
        return page(Response.Status.OK, page);
    }

    static Response page(Response.Status status, TemplateInstance page) {
        return page(status.getStatusCode(), page);
    }

    static Response page(int status, TemplateInstance page) {
        return Response.status(status).type(HTML).header("Cache-Control", "no-store").entity(page.render()).build();
    }

    /** Post/redirect/get: back to {@code path} with a notice. */
    static Response back(String path, String done) {
        return Response.seeOther(URI.create(path + (path.contains("?") ? "&" : "?") + "done=" + done)).build();
    }

    static String notice(String done) {
        return done == null ? null : NOTICES.get(done);
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code work} as a page; an unknown sync (thrown at once or later) becomes a 404 page naming it. */
    static Uni<Response> orUnknownSync(Viewer viewer, Supplier<Uni<Response>> work) {
        return Uni.createFrom().<Response>deferred(work::get).onFailure(UnknownSyncException.class).recoverWithItem(e -> page(Response.Status.NOT_FOUND,
                Pages.problem(viewer, null, "No such sync", e.getMessage())));
    }
}
