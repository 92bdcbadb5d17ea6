package io.sluice.api.auth;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * What a token may do. The HTTP permission policies in {@code application.properties} map paths and methods
 * to these role names: every {@code /api} GET needs {@code read-only} (which an operator also has), anything
 * else under {@code /api} needs {@code operator}.
 */
public enum ApiRole {
    READ_ONLY("read-only", Set.of("read-only")),
    OPERATOR("operator", Set.of("read-only", "operator"));

    private final String configName;
    private final Set<String> grantedRoles;

    ApiRole(String configName, Set<String> grantedRoles) {
        this.configName = configName;
        this.grantedRoles = grantedRoles;
    }

    /** The role names of a caller with this role, as the HTTP permission policies check them. */
    public Set<String> grantedRoles() {
        return grantedRoles;
    }

    public String configName() {
        return configName;
    }

    static Optional<ApiRole> parse(String value) {
        String v = value == null ? "" : value.trim();
        return Arrays.stream(values()).filter(r -> r.configName.equalsIgnoreCase(v)).findFirst();
    }
}
