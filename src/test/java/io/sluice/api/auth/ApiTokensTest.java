package io.sluice.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Token configuration is checked at start with messages naming the entry, never the token. */
class ApiTokensTest {
    private static final String SECRET = "s3cr3t-value-9d2f4a7c1e";

    private static AuthConfig.Token token(String value, String role) {
        return new AuthConfig.Token() {
            @Override
            public String token() {
                return value;
            }

            @Override
            public String role() {
                return role;
            }
        };
    }

    @Test
    void matchesEachTokenToItsEntryAndRole() {
        Map<String, AuthConfig.Token> tokens = new TreeMap<>();
        tokens.put("ci", token(SECRET, "operator"));
        tokens.put("grafana", token(SECRET + "-ro", "Read-Only"));
        ApiTokens api = new ApiTokens(true, tokens);
        assertThat(api.match(SECRET)).contains(new ApiTokens.Caller("ci", ApiRole.OPERATOR));
        assertThat(api.match(SECRET + "-ro")).contains(new ApiTokens.Caller("grafana", ApiRole.READ_ONLY));
        assertThat(api.match(SECRET.substring(1))).isEmpty();
        assertThat(api.match("")).isEmpty();
        assertThat(api.match(null)).isEmpty();
    }

    @Test
    void anUnknownRoleNamesTheEntryAndNotTheToken() {
        assertThatThrownBy(() -> new ApiTokens(true, Map.of("ci", token(SECRET, "admin"))))
                .hasMessageContaining("sluice.auth.tokens.ci.role").hasMessageContaining("'admin'")
                .hasMessageContaining("read-only or operator").satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void enabledWithoutTokensRefusesToStart() {
        assertThatThrownBy(() -> new ApiTokens(true, Map.of())).hasMessageContaining("no API token is configured")
                .hasMessageContaining("sluice.auth.tokens.<name>.token");
        assertThat(new ApiTokens(false, Map.of()).enabled()).isFalse();
    }

    @Test
    void blankShortOrSharedTokensAreRefusedWithoutQuotingThem() {
        assertThatThrownBy(() -> new ApiTokens(true, Map.of("ci", token("  ", "operator"))))
                .hasMessageContaining("sluice.auth.tokens.ci.token is empty");
        assertThatThrownBy(() -> new ApiTokens(true, Map.of("ci", token("short-9d2f", "operator"))))
                .hasMessageContaining("sluice.auth.tokens.ci.token is shorter than").satisfies(e -> assertThat(e.getMessage()).doesNotContain("short-9d2f"));
        Map<String, AuthConfig.Token> shared = new TreeMap<>(Map.of("a", token(SECRET, "operator"), "b", token(SECRET, "read-only")));
        assertThatThrownBy(() -> new ApiTokens(true, shared)).hasMessageContaining("sluice.auth.tokens.b.token is the same as another")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }
}
