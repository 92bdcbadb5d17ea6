package io.sluice.api.auth;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * One log line per changing API call (anything but GET and HEAD) naming the caller: the token's entry name,
 * never the token, or {@code anonymous} when authentication is off.
 */
public class ChangeAudit {
    private static final Logger LOG = Logger.getLogger(ChangeAudit.class);

    @Inject
    CurrentIdentityAssociation identity;

    @ServerRequestFilter
    public Uni<Void> audit(ContainerRequestContext request) {
        String method = request.getMethod();
        // the console's pages (io.sluice.console) log their own changes, naming the session's principal
        if (method.equals("GET") || method.equals("HEAD") || !request.getUriInfo().getPath().startsWith("/api")) {
            return Uni.createFrom().voidItem();
        }
        return identity.getDeferredIdentity().invoke(id -> LOG.infof("%s %s by '%s'", method, request.getUriInfo().getPath(),
                id.isAnonymous() ? "anonymous" : id.getPrincipal().getName())).replaceWithVoid();
    }
}
