package io.sluice.apps.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.apps.model.AuthSpec;
import io.sluice.plugin.AppUnavailableException;
import io.sluice.plugin.RetryableException;
import io.sluice.plugin.SyncRateLimits;
import io.sluice.plugin.support.AppHttpClient;
import io.sluice.plugin.support.HttpAnswer;
import io.sluice.plugin.support.ResponseJson;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OAuth 2.0 access tokens of one connection (client credentials, RFC 6749 4.4, or refresh token, section 6): fetched
 * from the token endpoint when first needed, shared by every request and sync of the connection, cached until a minute
 * before they expire (a tenth of their life for short ones), and renewed at once when the app answers 401 to one
 * ({@link #renew}). A token answer is RFC 6749 5.1 JSON ({@code access_token}, {@code expires_in}; a rotated
 * {@code refresh_token} replaces the configured one). Tokens, the client secret and refresh tokens are masked
 * in everything the client reports. One request at a time fetches a token; the others wait for it.
 */
final class OAuth2Tokens {
    private static final Duration MARGIN = Duration.ofMinutes(1);
    private static final Duration UNKNOWN_LIFE = Duration.ofMinutes(30);

    private record Token(String value, Instant renewAt) {
    }

    private final String connection;
    private final AuthSpec spec;
    private final String tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final AppHttpClient http;
    private final Clock clock;
    private volatile String refreshToken;
    private Token current;
    private Uni<Token> pending;

    /** @param tokenUrl the token endpoint: the definition's {@code token-url}, or the connection's {@code token-url} setting */
    OAuth2Tokens(String connection, AuthSpec spec, String tokenUrl, Map<String, Object> settings, AppHttpClient http, Clock clock) {
        this.connection = connection;
        this.spec = spec;
        Map<String, Object> bindings = Bindings.of(settings, null);
        this.tokenUrl = tokenUrl;
        this.clientId = spec.clientId().render(bindings).trim();
        this.clientSecret = spec.clientSecret().render(bindings).trim();
        this.refreshToken = spec.refreshToken() == null ? null : spec.refreshToken().render(bindings).trim();
        this.scope = spec.scope() == null ? null : spec.scope().render(bindings).trim();
        this.http = http;
        this.clock = clock;
        http.addSecret(clientSecret);
        if (refreshToken != null) {
            http.addSecret(refreshToken);
        }
    }

    /** A valid access token: the cached one, or a new one. */
    synchronized Uni<String> token(Instant deadline) {
        if (current != null && clock.instant().isBefore(current.renewAt())) {
            return Uni.createFrom().item(current.value());
        }
        if (pending == null) {
            pending = SyncRateLimits.<Token>outsideAnySync(() -> fetch(deadline))
                    .onItemOrFailure().invoke((token, failure) -> settle(token))
                    .memoize().indefinitely();
        }
        return pending.map(Token::value);
    }

    private synchronized void settle(Token token) {
        if (token != null) {
            current = token;
        }
        pending = null;
    }

    /** Forgets {@code stale} (the app refused it), so that the next {@link #token} fetches a new one. */
    synchronized void renew(String stale) {
        if (current != null && current.value().equals(stale)) {
            current = null;
        }
    }

    private Uni<Token> fetch(Instant deadline) {
        Map<String, String> form = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        if (spec.grant() == AuthSpec.Grant.REFRESH_TOKEN) {
            form.put("grant_type", "refresh_token");
            form.put("refresh_token", refreshToken);
        } else {
            form.put("grant_type", "client_credentials");
        }
        if (scope != null && !scope.isBlank()) {
            form.put("scope", scope);
        }
        if (spec.clientAuth() == AuthSpec.ClientAuth.BASIC) {
            headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", clientId);
            form.put("client_secret", clientSecret);
        }
        return http.exchange("POST", tokenUrl, headers, RequestFactory.form(form), deadline).map(this::read);
    }

    private Token read(HttpAnswer answer) {
        if (answer.isTransient()) {
            throw new RetryableException("connection '" + connection + "': the token request " + answer.describe() + ResponseJson.snippet(answer.body()));
        }
        JsonNode json = ResponseJson.container(answer.body()).orElse(null);
        JsonNode token = json == null ? null : json.get("access_token");
        if (!answer.isSuccess() || token == null || !token.isTextual() || token.asText().isBlank()) {
            throw new AppUnavailableException("connection '" + connection + "': the token request " + answer.describe()
                    + (answer.isSuccess() ? " without an access_token" : "") + ResponseJson.snippet(http.scrub(answer.body())), null);
        }
        http.addIssuedSecret(token.asText());
        JsonNode rotated = json.get("refresh_token");
        if (rotated != null && rotated.isTextual() && !rotated.asText().isBlank()) {
            http.addIssuedSecret(rotated.asText());
            refreshToken = rotated.asText();
        }
        Duration life = json.path("expires_in").canConvertToLong() && json.path("expires_in").asLong() > 0
                ? Duration.ofSeconds(json.path("expires_in").asLong()) : UNKNOWN_LIFE;
        Duration margin = life.compareTo(MARGIN.multipliedBy(10)) < 0 ? life.dividedBy(10) : MARGIN;
        return new Token(token.asText(), clock.instant().plus(life).minus(margin));
    }
}
