package io.sluice.apps.oauth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import io.sluice.apps.fakes.FakeApi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A messaging API with OAuth 2.0: {@code POST /oauth/token} issues access tokens for client credentials (HTTP Basic or
 * form fields) or a refresh token (rotating it); {@code POST /messages} takes a form ({@code To}, {@code From},
 * {@code Body}) and answers {@code {"sid"}}; a throttled request gets a 429 whose body says how long to wait
 * ({@code retry_after_ms}), without {@code Retry-After}.
 */
public final class FakeMessages extends FakeApi {
    public static final String CLIENT_ID = "client-7";
    public static final String CLIENT_SECRET = "client-secret-shh-1234";
    public static final String REFRESH_TOKEN = "refresh-token-abc-987";

    private final Set<String> valid = new HashSet<>();
    private final List<Map<String, String>> tokenRequests = new ArrayList<>();
    private String refreshToken = REFRESH_TOKEN;
    private int issued;

    @Override
    protected synchronized ResponseDefinition handle(Seen request) {
        if (request.path().equals("/oauth/token")) {
            return token(request);
        }
        if (request.method().equals("GET") && request.path().equals("/me")) {
            return json(200, newObject().put("account", "tiny")).build();
        }
        if (request.method().equals("POST") && request.path().equals("/messages")) {
            sawBatch(1);
            Map<String, String> form = request.form();
            if (!"application/x-www-form-urlencoded".equals(request.header("Content-Type")) || !form.containsKey("To") || !form.containsKey("Body")) {
                return json(400, newObject().put("message", "To and Body are required form fields")).build();
            }
            ObjectNode asJson = newObject();
            form.forEach(asJson::put);
            if (isRejected(asJson)) {
                return json(400, newObject().put("message", "'To' is not a valid phone number").put("code", 21211)).build();
            }
            return json(201, newObject().put("sid", "SM" + nextId()).put("to", form.get("To"))).build();
        }
        return json(404, newObject().put("message", "no route")).build();
    }

    private ResponseDefinition token(Seen request) {
        Map<String, String> form = request.form();
        tokenRequests.add(Map.copyOf(form));
        String basic = request.header("Authorization");
        boolean clientOk = basic != null
                ? basic.equals("Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)))
                : CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"));
        if (!clientOk) {
            return json(401, newObject().put("error", "invalid_client")).build();
        }
        ObjectNode answer = newObject();
        if ("refresh_token".equals(form.get("grant_type"))) {
            if (!refreshToken.equals(form.get("refresh_token"))) {
                return json(400, newObject().put("error", "invalid_grant")).build();
            }
            refreshToken = "rotated-refresh-" + (issued + 1) + "-xyz";
            answer.put("refresh_token", refreshToken);
        } else if (!"client_credentials".equals(form.get("grant_type"))) {
            return json(400, newObject().put("error", "unsupported_grant_type")).build();
        }
        String token = "access-token-" + (++issued) + "-qwerty";
        valid.add(token);
        return json(200, answer.put("access_token", token).put("token_type", "Bearer").put("expires_in", 3600)).build();
    }

    /** Every token issued so far stops working (as when they expire early or are revoked one by one). */
    public synchronized void expireTokens() {
        valid.clear();
    }

    /** The form fields of each token request, in order. */
    public synchronized List<Map<String, String>> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    @Override
    protected void onReset() {
        valid.clear();
        tokenRequests.clear();
        refreshToken = REFRESH_TOKEN;
        issued = 0;
    }

    @Override
    protected synchronized boolean authorized(Seen request) {
        if (request.path().equals("/oauth/token")) {
            return true;
        }
        String auth = request.header("Authorization");
        return auth != null && auth.startsWith("Bearer ") && valid.contains(auth.substring("Bearer ".length()));
    }

    @Override
    protected ResponseDefinitionBuilder unauthorized(Seen request) {
        return json(401, newObject().put("message", "Authenticate"));
    }

    @Override
    protected ResponseDefinitionBuilder throttled(int retryAfterSeconds) {
        return json(429, newObject().put("message", "Too many requests").put("retry_after_ms", retryAfterSeconds * 1000));
    }

    @Override
    public Map<String, String> settings() {
        return Map.of("client_id", CLIENT_ID, "client_secret", CLIENT_SECRET);
    }

    @Override
    public synchronized List<String> secrets() {
        List<String> all = new ArrayList<>(List.of(CLIENT_SECRET, REFRESH_TOKEN));
        all.addAll(valid);
        return all;
    }
}
