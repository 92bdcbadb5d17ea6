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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Logging in once with an API token, and out. The token is checked by the API's own {@link ApiTokens} and then
 * forgotten: the session keeps the entry's name and role only. The token is posted in a form body, never in a URL,
 * and never logged or shown.
 *
 * <p>Login CSRF (another site posting its own token so that the victim works in the attacker's session) is refused
 * with a pre-session token, double-submitted: each login form carries a fresh random value in a hidden field and in a
 * {@code HttpOnly}, {@code SameSite=Strict} cookie scoped to {@code /login}; POST /login needs both, equal. Another
 * site can neither read the cookie nor make the browser send it.
 */
@Path("/")
@ConsolePage
@Produces(MediaType.TEXT_HTML)
public class LoginPages {
    private static final Logger LOG = Logger.getLogger(LoginPages.class);
    static final String LOGIN_COOKIE = "sluice_login";
    static final String LOGIN_FIELD = "login";
    /** Long enough to find and paste a token; the form shows a new one on each render. */
    private static final int LOGIN_COOKIE_SECONDS = 15 * 60;

    @Inject
    ApiTokens tokens;

    @Inject
    ConsoleSessions sessions;

    @GET
    @Path("login")
    public Response form(@QueryParam("next") String next, @Context UriInfo uri) {
        if (!tokens.enabled()) {
            return Response.seeOther(URI.create("/")).build();
        }
        return form(Response.Status.OK, next, null, uri);
    }

    @POST
    @Path("login")
    public Response login(@RestForm String token, @RestForm String next, @RestForm(LOGIN_FIELD) String loginToken,
                          @Context HttpHeaders headers, @Context UriInfo uri) {
        if (!tokens.enabled()) {
            return Response.seeOther(URI.create("/")).build();
        }
        Cookie presented = headers.getCookies().get(LOGIN_COOKIE);
        if (!sameToken(presented == null ? null : presented.getValue(), loginToken)) {
            LOG.info("console login refused: the form's login token is missing or does not match its cookie");
            return form(Response.Status.FORBIDDEN, next,
                    "This sign-in form is out of date or did not come from the console; try again on this form.", uri);
        }
        Optional<ApiTokens.Caller> caller = tokens.match(token == null ? null : token.strip());
        if (caller.isEmpty()) {
            LOG.info("console login refused: the token matches no configured entry");
            return form(Response.Status.UNAUTHORIZED, next,
                    "That token is not valid. Paste an API token configured as sluice.auth.tokens.<name>.token.", uri);
        }
        ConsoleSessions.Session session = sessions.open(caller.get().name(), caller.get().role() == ApiRole.OPERATOR);
        LOG.infof("console login by '%s' (%s)", caller.get().name(), caller.get().role().configName());
        return Response.seeOther(URI.create(safeNext(next)))
                .cookie(cookie(session.id(), uri, false), loginCookie("", uri, true)).build();
    }

    @POST
    @Path("logout")
    public Response logout(@Context HttpHeaders headers, @Context UriInfo uri) {
        Cookie cookie = headers.getCookies().get(ConsoleGate.COOKIE);
        sessions.close(cookie == null ? null : cookie.getValue());
        return Response.seeOther(URI.create(tokens.enabled() ? "/login" : "/")).cookie(cookie("", uri, true)).build();
    }

    /** The login form with a fresh pre-session token, in its hidden field and its cookie. */
    private static Response form(Response.Status status, String next, String error, UriInfo uri) {
        String loginToken = ConsoleSessions.randomId();
        return Response.fromResponse(Html.page(status, Pages.login(null, null, safeNext(next), error, loginToken)))
                .cookie(loginCookie(loginToken, uri, false)).build();
    }

    static boolean sameToken(String cookie, String field) {
        return cookie != null && field != null && !cookie.isEmpty()
                && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8));
    }

    private static NewCookie loginCookie(String value, UriInfo uri, boolean expire) {
        NewCookie.Builder b = new NewCookie.Builder(LOGIN_COOKIE).value(value).path(ConsoleGate.LOGIN).httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).secure("https".equalsIgnoreCase(uri.getRequestUri().getScheme()));
        return b.maxAge(expire ? 0 : LOGIN_COOKIE_SECONDS).build();
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
