package io.sluice.console;

import io.sluice.api.ConnectionResource;
import io.sluice.connection.ConnectionChecks;
import io.sluice.connection.Connections;
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

/** Connections with their plugin, the syncs using them and their last check; a button runs the check again. */
@Path("/connections")
@ConsolePage
@Produces(MediaType.TEXT_HTML)
public class ConnectionPages {

    @Inject
    CurrentViewer viewer;

    @Inject
    ConnectionResource api;

    @Inject
    Connections connections;

    @Inject
    ConnectionChecks checks;

    @GET
    public Response list(@QueryParam("done") String done) {
        return Html.page(Pages.connections(viewer.get(), Html.notice(done), api.list().items()));
    }

    @POST
    @Path("/{name}/check")
    public Uni<Response> check(@PathParam("name") String name) {
        Viewer v = viewer.get();
        if (connections.find(name).isEmpty()) {
            return Uni.createFrom().item(Html.page(Response.Status.NOT_FOUND, Pages.problem(v, null, "No such connection",
                    "no connection named '" + name + "'; configured: " + connections.names())));
        }
        return checks.check(name).map(result -> Html.back("/connections", "checked"));
    }
}
