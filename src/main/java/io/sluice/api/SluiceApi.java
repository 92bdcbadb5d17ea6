package io.sluice.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The operator API's OpenAPI header (served at {@code /q/openapi}) and the problem responses operations share,
 * referenced by name ({@code @APIResponse(responseCode = "404", ref = SluiceApi.UNKNOWN_SYNC)}). Security is
 * configured, not annotated: the {@code bearerAuth} scheme is declared here and applied to every {@code /api}
 * operation, with its 401 and 403, by {@link OpenApiSecurity}.
 */
@OpenAPIDefinition(
        info = @Info(title = "Sluice operator API", version = "v1",
                description = "Reverse-ETL syncs from a warehouse to apps: inspect syncs and runs, start, cancel, pause and resume "
                        + "runs, preview what a run would do, mark records for resync or skip, and reload sync files. Errors are "
                        + "RFC 9457 problem details (application/problem+json) naming the sync, field and value that were wrong.",
                license = @License(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")),
        tags = {@Tag(name = "syncs", description = "Syncs loaded from the sync folder"), @Tag(name = "runs", description = "Runs by id")},
        components = @Components(responses = {
                @APIResponse(name = SluiceApi.UNKNOWN_SYNC, responseCode = "404", description = "no sync has this slug",
                        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                                examples = @ExampleObject(name = "unknown sync", value = Examples.UNKNOWN_SYNC))),
                @APIResponse(name = SluiceApi.UNKNOWN_RUN, responseCode = "404", description = "no run has this id (to cancel: no active run)",
                        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = SluiceApi.UNKNOWN_RECORD, responseCode = "404", description = "no such sync, record or request; "
                        + "the detail says which", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = SluiceApi.UNAUTHORIZED, responseCode = "401", description = "no valid API token (when the service "
                        + "requires one); answered with WWW-Authenticate: Bearer", content = @Content(mediaType = Problem.MEDIA_TYPE,
                        schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = SluiceApi.FORBIDDEN, responseCode = "403", description = "the token may only read; this call "
                        + "changes something and needs a token with the operator role", content = @Content(mediaType = Problem.MEDIA_TYPE,
                        schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = SluiceApi.BAD_REQUEST, responseCode = "400", description = "a parameter or the body is not valid; "
                        + "field and value name what was wrong", content = @Content(mediaType = Problem.MEDIA_TYPE,
                        schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "bad sample", value = Examples.BAD_SAMPLE)))}))
@SecurityScheme(securitySchemeName = "bearerAuth", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A bearer token, when the service is configured to require one")
public class SluiceApi extends Application {
    /** 404: no sync has the slug. */
    static final String UNKNOWN_SYNC = "UnknownSync";
    /** 404: no run has the id. */
    static final String UNKNOWN_RUN = "UnknownRun";
    /** 404: no such sync, record or request. */
    static final String UNKNOWN_RECORD = "UnknownRecord";
    /** 401: no valid token. */
    static final String UNAUTHORIZED = "Unauthorized";
    /** 403: a read-only token asking to change something. */
    static final String FORBIDDEN = "Forbidden";
    /** 400: a parameter or body member is not valid. */
    static final String BAD_REQUEST = "BadRequest";
}
