package io.sluice.plugins.salesforce;

import io.sluice.plugin.support.AppHttpClient;
import io.sluice.plugin.support.HttpAnswer;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Authorized calls to the org's REST API under {@code /services/data/<api-version>/}: adds
 * {@code Authorization: Bearer <token>} (passed to {@link AppHttpClient} as a per-call header, so it is
 * scrubbed), uses the token's {@code instance_url} as base unless {@code instance-url} is set, and on HTTP 401
 * (Salesforce's {@code INVALID_SESSION_ID}: session expired or revoked) renews the token once and repeats the
 * request once. Every answer's {@code Sforce-Limit-Info} is recorded in {@link ApiUsage}. The client scrubs
 * answers of the connection's secrets (the client secret and the tokens, added by the plugin and {@link TokenProvider}).
 */
final class SalesforceApi {
    private static final Logger LOG = Logger.getLogger(SalesforceApi.class);

    /** An answer and the API usage reading it carried, if any. */
    record Answer(HttpAnswer http, java.util.Optional<ApiUsage.Reading> usage) {
        int status() {
            return http.status();
        }

        String body() {
            return http.body();
        }

        boolean isSuccess() {
            return http.isSuccess();
        }

        /** The usage reading as text ({@code 25/15000}), or {@code null}. */
        String usageText() {
            return usage.map(ApiUsage.Reading::text).orElse(null);
        }
    }

    private final SalesforceSettings settings;
    private final AppHttpClient http;
    private final TokenProvider tokens;
    private final ApiUsage usage;

    SalesforceApi(SalesforceSettings settings, AppHttpClient http, TokenProvider tokens, ApiUsage usage) {
        this.settings = settings;
        this.http = http;
        this.tokens = tokens;
        this.usage = usage;
    }

    /**
     * One call.
     *
     * @param path    relative to {@code /services/data/<api-version>/}, e.g. {@code composite/sobjects}
     * @param headers extra headers (e.g. {@code Content-Type: text/csv})
     * @param body    the body text, or {@code null}
     */
    Uni<Answer> call(String method, String path, Map<String, String> headers, String body, Instant deadline) {
        return tokens.token(deadline).chain(token -> once(method, path, headers, body, deadline, token).chain(answer -> {
            if (answer.status() != 401) {
                return Uni.createFrom().item(answer);
            }
            LOG.infof("connection '%s': Salesforce refused the access token (HTTP 401%s); renewing it once", settings.connection(),
                    answer.body() != null && answer.body().contains("INVALID_SESSION_ID") ? " INVALID_SESSION_ID" : "");
            tokens.invalidate(token);
            return tokens.token(deadline).chain(renewed -> once(method, path, headers, body, deadline, renewed));
        }));
    }

    /** {@code https://<instance>/services/data/<api-version>/<path>} for a token, for messages and tests. */
    String url(AccessToken token, String path) {
        return settings.instanceUrl().orElse(token.instanceUrl()) + "/services/data/" + settings.apiVersion() + "/" + path;
    }

    private Uni<Answer> once(String method, String path, Map<String, String> headers, String body, Instant deadline, AccessToken token) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Authorization", "Bearer " + token.value());
        return http.exchange(method, url(token, path), all, body, deadline).map(answer -> new Answer(answer, usage.record(answer)));
    }

    /** The latest API usage reading as text ({@code 25/15000}), or {@code null}. */
    String usageText() {
        return usage.latest().map(ApiUsage.Reading::text).orElse(null);
    }

    String connection() {
        return settings.connection();
    }

    /** {@code text} with the connection's secrets masked, for the plugin's own messages. */
    String scrub(String text) {
        return http.scrub(text);
    }
}
