package io.sluice.api;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;

/**
 * Applies the {@code bearerAuth} scheme to every {@code /api} operation and documents its refusals: 401 on every
 * operation, 403 on those that change something (a read-only token may call every GET). Security is configured by
 * path permissions rather than annotations, so the document cannot infer it. Registered with {@code mp.openapi.filter}.
 */
public class OpenApiSecurity implements OASFilter {
    static final String SCHEME = "bearerAuth";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().forEach((method, operation) -> secure(method, operation));
            }
        });
    }

    private static void secure(PathItem.HttpMethod method, Operation operation) {
        operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(SCHEME));
        Map<String, ?> responses = operation.getResponses() == null ? Map.of() : operation.getResponses().getAPIResponses();
        if (!responses.containsKey("401")) {
            operation.getResponses().addAPIResponse("401", OASFactory.createAPIResponse().ref(SluiceApi.UNAUTHORIZED));
        }
        if (method != PathItem.HttpMethod.GET && !responses.containsKey("403")) {
            operation.getResponses().addAPIResponse("403", OASFactory.createAPIResponse().ref(SluiceApi.FORBIDDEN));
        }
    }
}
