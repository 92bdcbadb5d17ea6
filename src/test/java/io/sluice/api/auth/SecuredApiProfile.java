package io.sluice.api.auth;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The test service with authentication on: one read-only and one operator token. */
public class SecuredApiProfile implements QuarkusTestProfile {
    public static final String READ_ONLY_TOKEN = "ro-7f3c9a1e5b2d4c8fa6e0";
    public static final String OPERATOR_TOKEN = "op-2b8e4d6f0a1c3e5b7d9f";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                // the %test profile turns authentication off for the other API tests; a profiled key wins over a plain one
                "%test.sluice.auth.enabled", "true",
                "sluice.auth.tokens.dashboard.token", READ_ONLY_TOKEN,
                "sluice.auth.tokens.dashboard.role", "read-only",
                "sluice.auth.tokens.ops.token", OPERATOR_TOKEN,
                "sluice.auth.tokens.ops.role", "operator");
    }
}
