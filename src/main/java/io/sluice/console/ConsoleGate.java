package io.sluice.console;

import io.sluice.api.auth.ApiTokens;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Guards every console page. With authentication on, a request without a live session goes to the login form; a
 * POST needs the session's CSRF token (form field {@code csrf} or header {@code X-CSRF-Token}) and, except logging out,
 * the operator role (403 otherwise, whatever the page showed). With authentication off (the demo) a visitor gets a
 * session of its own without logging in, so the CSRF check holds there too.
 */
public class ConsoleGate {
    private static final Logger LOG = Logger.getLogger(ConsoleGate.class);
    static final String COOKIE = "sluice_session";
    static final String CSRF_FIELD = "csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String LOGIN = "/login";
    static final String LOGOUT = "/logout";

    @Inject
    ConsoleSessions sessions;

    @Inject
    ApiTokens tokens;

    @Inject
    CurrentViewer current;

    /** Reads form bodies first (the CSRF token may be a form field); logs every POST with the session's principal. */
    @ConsolePage
    @ServerRequestFilter(readBody = true, priority = jakarta.ws.rs.Priorities.AUTHENTICATION)
    public Response guard(ResteasyReactiveContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean post = "POST".equals(request.getMethod());
        Optional<ConsoleSessions.Session> session = Optional.ofNullable(request.getCookies().get(COOKIE)).map(Cookie::getValue)
                .flatMap(sessions::use);
        if (path.equals(LOGIN)) {
            return null;
        }
        if (session.isEmpty()) {
            if (tokens.enabled()) {
                return seeOther(LOGIN + (post ? "" : "?next=" + java.net.URLEncoder.encode(pathWithQuery(request), StandardCharsets.UTF_8)));
            }
            if (post) {
                return refuse(null, "Your console session has ended; reload the page and try again.");
            }
            // the demo: a session of its own, so that forms carry a CSRF token; the same page again with the cookie
            ConsoleSessions.Session opened = sessions.open("anonymous", true);
            return Response.seeOther(URI.create(pathWithQuery(request))).cookie(LoginPages.cookie(opened.id(), request.getUriInfo(), false)).build();
        }
        ConsoleSessions.Session s = session.get();
        if (post) {
            if (!csrfMatches(request, s.csrf())) {
                LOG.infof("POST %s by '%s' refused: no or a wrong CSRF token", path, s.name());
                return refuse(s, "This form is out of date or did not come from the console (CSRF token missing or wrong); reload the page.");
            }
            if (!s.operator() && !path.equals(LOGOUT)) {
                LOG.infof("POST %s by '%s' refused: a read-only session", path, s.name());
                return refuse(s, "You are signed in with a read-only token; this needs a token with the operator role.");
            }
        }
        if (post) {
            LOG.infof("POST %s by '%s' (console)", path, s.name());
        }
        current.set(s.viewer(tokens.enabled()));
        return null;
    }

    private static boolean csrfMatches(ResteasyReactiveContainerRequestContext request, String expected) {
        String presented = request.getHeaderString(CSRF_HEADER);
        if (presented == null) {
            Object field = ((ResteasyReactiveRequestContext) request.getServerRequestContext()).getFormParameter(CSRF_FIELD, true, false);
            presented = field instanceof FormValue v ? v.getValue() : field instanceof String text ? text : null;
        }
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static String pathWithQuery(ResteasyReactiveContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static Response seeOther(String location) {
        return Response.seeOther(URI.create(location)).build();
    }

    private Response refuse(ConsoleSessions.Session session, String why) {
        return Html.page(Response.Status.FORBIDDEN, Pages.problem(session == null ? null : session.viewer(tokens.enabled()), null,
                "Not allowed", why));
    }
}
