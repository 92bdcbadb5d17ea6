package io.sluice.console;

import io.sluice.api.auth.ApiRole;
import io.sluice.api.auth.ApiTokens;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Logging in once with an API token, and out. The token is checked by the API's own {@link ApiTokens} and then
 * forgotten: the session keeps the entry's name and role only. The token is posted in a form body, never in a URL,
 * and never logged or shown.
 */
@Path("/")
@ConsolePage
@Produces(MediaType.TEXT_HTML)
public class LoginPages {
    private static final Logger LOG = Logger.getLogger(LoginPages.class);

    @Inject
    ApiTokens tokens;

    @Inject
    ConsoleSessions sessions;

    @GET
    @Path("login")
    public Response form(@QueryParam("next") String next) {
        if (!tokens.enabled()) {
            return Response.seeOther(URI.create("/")).build();
        }
        return Html.page(Pages.login(null, null, safeNext(next), null));
    }

    @POST
    @Path("login")
    public Response login(@RestForm String token, @RestForm String next, @Context UriInfo uri) {
        if (!tokens.enabled()) {
            return Response.seeOther(URI.create("/")).build();
        }
        Optional<ApiTokens.Caller> caller = tokens.match(token == null ? null : token.strip());
        if (caller.isEmpty()) {
            LOG.info("console login refused: the token matches no configured entry");
            return Html.page(Response.Status.UNAUTHORIZED, Pages.login(null, null, safeNext(next),
                    "That token is not valid. Paste an API token configured as sluice.auth.tokens.<name>.token."));
        }
        ConsoleSessions.Session session = sessions.open(caller.get().name(), caller.get().role() == ApiRole.OPERATOR);
        LOG.infof("console login by '%s' (%s)", caller.get().name(), caller.get().role().configName());
        return Response.seeOther(URI.create(safeNext(next))).cookie(cookie(session.id(), uri, false)).build();
    }

    @POST
    @Path("logout")
    public Response logout(@Context HttpHeaders headers, @Context UriInfo uri) {
        Cookie cookie = headers.getCookies().get(ConsoleGate.COOKIE);
        sessions.close(cookie == null ? null : cookie.getValue());
        return Response.seeOther(URI.create(tokens.enabled() ? "/login" : "/")).cookie(cookie("", uri, true)).build();
    }

    static NewCookie cookie(String id, UriInfo uri, boolean expire) {
        NewCookie.Builder b = new NewCookie.Builder(ConsoleGate.COOKIE).value(id).path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).secure("https".equalsIgnoreCase(uri.getRequestUri().getScheme()));
        return expire ? b.maxAge(0).build() : b.build();
    }

    /** Only a path on this service (no scheme, no host, no {@code //}): a login link cannot send anyone elsewhere. */
    static String safeNext(String next) {
        return next != null && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
    }
}
