package io.sluice.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The operator API's OpenAPI header (served at {@code /q/openapi}). Security is configured, not annotated: the
 * {@code bearerAuth} scheme is declared here only so the document describes how to call a secured service.
 */
@OpenAPIDefinition(
        info = @Info(title = "Sluice operator API", version = "v1",
                description = "Reverse-ETL syncs from a warehouse to apps: inspect syncs and runs, start, cancel, pause and resume "
                        + "runs, preview what a run would do, mark records for resync or skip, and reload sync files. Errors are "
                        + "RFC 9457 problem details (application/problem+json) naming the sync, field and value that were wrong.",
                license = @License(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")),
        tags = {@Tag(name = "syncs", description = "Syncs loaded from the sync folder"), @Tag(name = "runs", description = "Runs by id")})
@SecurityScheme(securitySchemeName = "bearerAuth", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A bearer token, when the service is configured to require one")
public class SluiceApi extends Application {
}
