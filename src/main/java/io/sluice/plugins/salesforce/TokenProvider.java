package io.sluice.plugins.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.plugin.RetryableException;
import io.sluice.plugin.SyncRateLimits;
import io.sluice.plugin.support.AppHttpClient;
import io.sluice.plugin.support.HttpAnswer;
import io.sluice.plugin.support.ResponseJson;
import io.smallrye.mutiny.Uni;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Gets, caches and renews the connection's access token. Salesforce's server-to-server flows return no
 * {@code expires_in} and no refresh token; a token is valid until the session times out or is revoked, which
 * the REST API reports as HTTP 401 {@code INVALID_SESSION_ID}. So the token is cached until a caller reports
 * it stale ({@link #invalidate}); then the next caller requests a new one. Concurrent callers share one token
 * request: a burst of 401s from parallel batches causes one renewal, not one per batch.
 *
 * <p>The request is {@code POST <token url>} with a form body ({@code application/x-www-form-urlencoded}), per
 * Salesforce's "OAuth 2.0 Client Credentials Flow for Server-to-Server Integration" and "OAuth 2.0 JWT Bearer
 * Flow for Server-to-Server Integration"; the answer's {@code access_token} and {@code instance_url} are kept.
 */
final class TokenProvider {
    private static final Logger LOG = Logger.getLogger(TokenProvider.class);
    static final String JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final String connection;
    private final AuthSettings auth;
    private final AppHttpClient http;
    private final Clock clock;
    private final AtomicInteger issued = new AtomicInteger();
    private Uni<AccessToken> current;
    private AccessToken resolved;

    TokenProvider(String connection, AuthSettings auth, AppHttpClient http, Clock clock) {
        this.connection = connection;
        this.auth = auth;
        this.http = http;
        this.clock = clock;
    }

    /** The cached token, or a new one. A failed request is not cached: the next call tries again. */
    Uni<AccessToken> token(Instant deadline) {
        synchronized (this) {
            if (current == null) {
                Object[] self = new Object[1];
                // shared by every sync of the connection: outside the limits of the sync that asked first
                Uni<AccessToken> fetch = SyncRateLimits.<AccessToken>outsideAnySync(() -> request(deadline))
                        .onItem().invoke(token -> resolved(self[0], token))
                        .onFailure().invoke(failure -> forget(self[0]))
                        .memoize().indefinitely();
                self[0] = fetch;
                current = fetch;
            }
            return current;
        }
    }

    /**
     * Reports that {@code stale} was refused (HTTP 401). The next {@link #token} call requests a new token,
     * unless another caller has already renewed it.
     */
    synchronized void invalidate(AccessToken stale) {
        if (resolved == stale && current != null) {
            current = null;
            resolved = null;
        }
    }

    /** How many tokens this provider obtained (for metrics and tests). */
    int tokensIssued() {
        return issued.get();
    }

    private synchronized void resolved(Object fetch, AccessToken token) {
        if (current == fetch) {
            resolved = token;
        }
    }

    private synchronized void forget(Object fetch) {
        if (current == fetch) {
            current = null;
            resolved = null;
        }
    }

    private Uni<AccessToken> request(Instant deadline) {
        Map<String, String> form = new LinkedHashMap<>();
        switch (auth) {
            case AuthSettings.ClientCredentials cc -> {
                form.put("grant_type", "client_credentials");
                form.put("client_id", cc.clientId());
                form.put("client_secret", cc.clientSecret());
            }
            case AuthSettings.JwtBearer jwt -> {
                form.put("grant_type", JWT_BEARER_GRANT);
                form.put("assertion", JwtAssertion.create(jwt, clock.instant()));
            }
        }
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.exchange("POST", auth.tokenUrl(), Map.of("Content-Type", "application/x-www-form-urlencoded"), body, deadline)
                .map(this::read);
    }

    private AccessToken read(HttpAnswer answer) {
        String body = answer.body();
        JsonNode json = Json.parse(body).orElse(Json.NODES.objectNode());
        String token = json.path("access_token").asText("");
        http.addIssuedSecret(token);
        if (answer.isSuccess() && !token.isBlank()) {
            String instanceUrl = json.path("instance_url").asText("");
            while (instanceUrl.endsWith("/")) {
                instanceUrl = instanceUrl.substring(0, instanceUrl.length() - 1);
            }
            issued.incrementAndGet();
            LOG.infof("connection '%s': obtained a Salesforce access token (%s) for %s", connection, flow(), instanceUrl);
            return new AccessToken(token, instanceUrl);
        }
        String reason = answer.isSuccess() ? "the answer has no access_token"
                : json.path("error").asText("HTTP " + answer.status()) + json.path("error_description").asText("").transform(d -> d.isBlank() ? "" : " (" + d + ")");
        String message = http.scrub("connection '" + connection + "': " + flow() + " token request " + answer.describe() + ": " + reason
                + (json.has("error") || answer.isSuccess() ? "" : ResponseJson.snippet(body)));
        if (answer.isTransient()) {
            throw new RetryableException(message);
        }
        throw new SalesforceAuthException(message);
    }

    private String flow() {
        return auth instanceof AuthSettings.JwtBearer ? "JWT bearer" : "client credentials";
    }
}
