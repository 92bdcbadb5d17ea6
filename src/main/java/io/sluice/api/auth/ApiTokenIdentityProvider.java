package io.sluice.api.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Turns a presented bearer token into an identity: the principal is the token's entry name (so logs can say
 * who acted), the roles those of its {@link ApiRole}. An unknown token fails authentication with a message
 * that never quotes it. Matching is a few digests in memory, so it runs on the calling thread.
 */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    private static final Logger LOG = Logger.getLogger(ApiTokenIdentityProvider.class);

    @Inject
    ApiTokens tokens;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return tokens.match(request.getToken().getToken())
                .<Uni<SecurityIdentity>>map(caller -> Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(caller.name()))
                        .addRoles(caller.role().grantedRoles())
                        .build()))
                .orElseGet(() -> {
                    LOG.debug("an API call presented an unknown bearer token");
                    return Uni.createFrom().failure(new AuthenticationFailedException("unknown API token"));
                });
    }
}
