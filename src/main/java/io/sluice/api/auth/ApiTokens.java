package io.sluice.api.auth;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The configured API tokens, checked once at start: a missing or unknown role, a blank or short token, two
 * entries sharing a token, or authentication enabled without any token all stop the service with a message
 * naming the entry (never the token). Matching compares SHA-256 digests in constant time against every entry,
 * so neither the position of the first differing byte nor the token's length shows in the response time.
 */
@Startup
@ApplicationScoped
public class ApiTokens {
    /** Shorter tokens are guessable; generate one with {@code openssl rand -hex 32}. */
    static final int MIN_LENGTH = 16;

    /** A configured token: its entry name (the caller's principal name) and role. */
    public record Caller(String name, ApiRole role) {
    }

    private record Entry(Caller caller, byte[] digest) {
    }

    private final boolean enabled;
    private final List<Entry> entries;

    @Inject
    public ApiTokens(AuthConfig config) {
        this(config.enabled(), config.tokens());
    }

    ApiTokens(boolean enabled, Map<String, AuthConfig.Token> tokens) {
        this.enabled = enabled;
        this.entries = enabled ? parse(tokens) : List.of();
    }

    public boolean enabled() {
        return enabled;
    }

    /** The caller whose token is {@code presented}, checking every entry whatever matches. */
    public Optional<Caller> match(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        Caller found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), digest)) {
                found = e.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    private static List<Entry> parse(Map<String, AuthConfig.Token> tokens) {
        if (tokens.isEmpty()) {
            throw new IllegalStateException("sluice.auth.enabled is true but no API token is configured: set "
                    + "sluice.auth.tokens.<name>.token=${ENV_VAR} and sluice.auth.tokens.<name>.role=read-only|operator "
                    + "(or sluice.auth.enabled=false to run the API without authentication, e.g. for a local demo)");
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        new TreeMap<>(tokens).forEach((name, t) -> {
            String key = "sluice.auth.tokens." + name;
            ApiRole role = ApiRole.parse(t.role()).orElseThrow(() -> new IllegalStateException(key + ".role: '" + t.role()
                    + "' is not a role; use read-only or operator"));
            String token = t.token() == null ? "" : t.token().trim();
            if (token.isEmpty()) {
                throw new IllegalStateException(key + ".token is empty (is the environment variable it refers to set?)");
            }
            if (token.length() < MIN_LENGTH) {
                throw new IllegalStateException(key + ".token is shorter than " + MIN_LENGTH + " characters; generate one with "
                        + "'openssl rand -hex 32'");
            }
            if (!seen.add(token)) {
                throw new IllegalStateException(key + ".token is the same as another entry's token; give each entry its own");
            }
            entries.add(new Entry(new Caller(name, role), sha256(token)));
        });
        return List.copyOf(entries);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
