package io.sluice.api.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/**
 * Who may call {@code /api}: {@code sluice.auth.enabled} and {@code sluice.auth.tokens.<name>.token|role}.
 * Token values are secrets: reference them as {@code ${ENV_VAR}} (the Kubernetes Secret fills the variable);
 * the entry's name is what logs and audit lines show.
 */
@ConfigMapping(prefix = "sluice.auth")
public interface AuthConfig {

    /** Whether {@code /api} requires a bearer token; when true at least one token must be configured. */
    @WithDefault("true")
    boolean enabled();

    /** API tokens by name (the principal name of a caller presenting it). */
    Map<String, Token> tokens();

    interface Token {
        /** The bearer token itself; a secret, never logged nor quoted in messages. */
        String token();

        /** {@code read-only} or {@code operator}. */
        String role();
    }
}
