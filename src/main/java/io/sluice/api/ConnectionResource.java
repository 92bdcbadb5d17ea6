package io.sluice.api;

import io.sluice.connection.ConnectionChecks;
import io.sluice.connection.Connections;
import io.sluice.sync.SyncDefinition;
import io.sluice.sync.SyncRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Connections: which exist, which syncs use them, and an on-demand check of each. Settings are never shown. */
@Path("/api/v1/connections")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "connections", description = "Configured app connections: list and check")
public class ConnectionResource {

    @Inject
    Connections connections;

    @Inject
    ConnectionChecks checks;

    @Inject
    SyncRegistry registry;

    @GET
    @Operation(operationId = "listConnections", summary = "List connections", description = "Every configured connection with its plugin, the loaded syncs that target "
            + "it and its last check on the replica that answers (null when none ran there since it started). No setting is shown.")
    @APIResponse(responseCode = "200", description = "the connections", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ConnectionView.Page.class), examples = @ExampleObject(name = "connections", value = Examples.CONNECTIONS)))
    public ConnectionView.Page list() {
        return new ConnectionView.Page(connections.names().stream().map(this::view).toList(), null);
    }

    @POST
    @Path("/{name}/check")
    @Operation(operationId = "checkConnection", summary = "Check a connection", description = "Runs the plugin's connection check (one cheap call proving credentials "
            + "and reachability), bounded by sluice.connection-check.timeout. Answers 200 whether or not the check passed; ok says "
            + "which, and message what went wrong, with the connection's secrets masked.")
    @APIResponse(responseCode = "200", description = "the check's result", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ConnectionView.Check.class), examples = @ExampleObject(name = "failed", value = Examples.CHECK)))
    @APIResponse(responseCode = "404", description = "no connection has this name", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<Response> check(@Parameter(description = "the connection's name") @PathParam("name") String name) {
        if (connections.find(name).isEmpty()) {
            return Uni.createFrom().item(Problem.response(Problem.of(Response.Status.NOT_FOUND, "no connection named '" + name
                    + "'; configured: " + connections.names()).withField("name", name)));
        }
        return checks.check(name).map(result -> Response.ok(ConnectionView.Check.of(result)).build());
    }

    private ConnectionView view(String name) {
        Connections.Opened opened = connections.find(name).orElseThrow();
        List<String> syncs = registry.all().stream().filter(s -> s.target().connection().equals(name)).map(SyncDefinition::slug).sorted().toList();
        return new ConnectionView(name, opened.plugin().kind(), syncs, checks.last(name).map(ConnectionView.Check::of).orElse(null),
                connections.problem(name).orElse(null));
    }
}
