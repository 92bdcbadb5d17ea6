package io.sluice.plugins.salesforce;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The signed JWT of the OAuth 2.0 JWT Bearer Flow, as Salesforce documents it: header {@code {"alg":"RS256"}};
 * claims {@code iss} (the connected app's consumer key), {@code sub} (the username), {@code aud} (the
 * authorization server: https://login.salesforce.com or https://test.salesforce.com) and {@code exp} (seconds
 * since the epoch, no more than 3 minutes ahead); each part base64url-encoded without padding, the signature
 * RSA SHA-256 over {@code header.claims}. Built with {@code java.security} and Jackson, no JWT library.
 */
final class JwtAssertion {
    /** Salesforce accepts an assertion whose {@code exp} is at most 3 minutes ahead. */
    static final Duration LIFETIME = Duration.ofMinutes(3);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private JwtAssertion() {
    }

    /** A fresh assertion for {@code auth}, issued at {@code now}. */
    static String create(AuthSettings.JwtBearer auth, Instant now) {
        String header = B64.encodeToString(Json.NODES.objectNode().put("alg", "RS256").toString().getBytes(StandardCharsets.UTF_8));
        String claims = B64.encodeToString(Json.NODES.objectNode()
                .put("iss", auth.clientId())
                .put("sub", auth.username())
                .put("aud", auth.audience())
                .put("exp", now.plus(LIFETIME).getEpochSecond())
                .toString().getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + claims;
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(auth.privateKey());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the JWT assertion: " + e.getClass().getSimpleName(), e);
        }
    }
}
