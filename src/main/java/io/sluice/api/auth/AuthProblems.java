package io.sluice.api.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.sluice.api.Problem;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Answers refused calls with RFC 9457 problem details instead of empty bodies: 401 with
 * {@code WWW-Authenticate: Bearer} for a missing or unknown token (sent as {@link BearerTokenMechanism}'s
 * challenge), 403 for a read-only token asking to change something. The path permissions fail requests before
 * they reach a REST resource, so this is a router failure handler rather than an exception mapper. Details
 * never echo what the caller sent.
 */
@ApplicationScoped
public class AuthProblems {
    static final String MISSING_OR_INVALID = "a valid API token is required: send 'Authorization: Bearer <token>'";
    static final String FORBIDDEN = "this API token may only read; changing requests need a token with the operator role";

    @Inject
    ObjectMapper json;

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    private void handle(RoutingContext context) {
        Throwable failure = context.failure();
        if (context.response().headWritten()) {
            context.next();
        } else if (failure instanceof AuthenticationException || failure instanceof UnauthorizedException) {
            unauthorized(context);
        } else if (failure instanceof ForbiddenException) {
            Problem.of(403, "Forbidden", FORBIDDEN).send(context, json);
        } else {
            context.next();
        }
    }

    /** 401 with the bearer challenge. */
    void unauthorized(RoutingContext context) {
        context.response().putHeader("WWW-Authenticate", BearerTokenMechanism.CHALLENGE);
        Problem.of(401, "Unauthorized", MISSING_OR_INVALID).send(context, json);
    }

}
