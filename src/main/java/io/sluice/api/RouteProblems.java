package io.sluice.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Problem details for what the HTTP layer answers before the REST resources see a request under {@code /api}: a
 * body over {@code quarkus.http.limits.max-body-size} (413, where Quarkus would answer without a body) and a path
 * no resource serves (404, where Quarkus would answer an HTML page or nothing).
 */
@ApplicationScoped
public class RouteProblems {
    private static final String API = "/api/*";

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    void register(@Observes Router router) {
        // just before Quarkus's own check of the declared length (which ends the answer without a body)
        router.route(API).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::bodyTooLarge);
        // after the REST resources (Quarkus REST is mounted at ROUTE_ORDER_AFTER_DEFAULT + 500) and before Quarkus's own
        // not-found page (last): reached only when no resource serves the path
        router.route(API).order(Integer.MAX_VALUE - 1).handler(this::notFound);
    }

    private void bodyTooLarge(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length <= maxBodySize.asLongValue()) {
            context.next();
            return;
        }
        // the body is not read: the connection is closed once the problem is sent, as Quarkus does
        context.response().putHeader(HttpHeaders.CONNECTION, "close").endHandler(v -> context.request().connection().close());
        Problem.of(413, "Content Too Large", "the request body is " + length + " bytes, larger than the "
                + maxBodySize.asLongValue() + " bytes this service accepts (quarkus.http.limits.max-body-size)").send(context, json);
    }

    private void notFound(RoutingContext context) {
        Problem.of(404, "Not Found", "there is nothing at " + context.request().method() + " "
                + context.request().path() + "; the REST API is described at /q/openapi").send(context, json);
    }

}
