package io.sluice.api;

import io.sluice.apps.AppCatalog;
import io.sluice.connection.Connections;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** App definitions: which are loaded (shipped and the user's), what they take and can do, and which files were rejected. */
@Path("/api/v1/apps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "apps", description = "App definitions (apps as data): list and inspect")
public class AppResource {

    @Inject
    AppCatalog catalog;

    @Inject
    Connections connections;

    @GET
    @Operation(operationId = "listApps", summary = "List app definitions", description = "Every loaded app definition (shipped with Sluice, and the "
            + "user's from sluice.apps.dir, which override shipped ones of the same name), with its settings (never values), actions, "
            + "strategies and connections; and every rejected definition file with file, field and reason. Reloaded with the sync files.")
    @APIResponse(responseCode = "200", description = "the apps", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AppView.Page.class), examples = @ExampleObject(name = "apps", value = Examples.APPS)))
    public AppView.Page list() {
        return new AppView.Page(catalog.all().stream().map(a -> AppView.of(a, connections.usingApp(a.app()))).toList(), null,
                catalog.rejected().stream().map(AppView.Problem::of).toList());
    }

    @GET
    @Path("/{app}")
    @Operation(operationId = "getApp", summary = "Get an app definition", description = "One loaded app definition, as in the list.")
    @APIResponse(responseCode = "200", description = "the app", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AppView.class)))
    @APIResponse(responseCode = "404", description = "no loaded app has this name", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Response get(@Parameter(description = "the app's name") @PathParam("app") String app) {
        return catalog.find(app).map(a -> Response.ok(AppView.of(a, connections.usingApp(app))).build())
                .orElseGet(() -> Problem.response(Problem.of(Response.Status.NOT_FOUND, "no app definition named '" + app + "'; loaded: "
                        + catalog.all().stream().map(io.sluice.apps.load.LoadedApp::app).toList()).withField("app", app)));
    }
}
