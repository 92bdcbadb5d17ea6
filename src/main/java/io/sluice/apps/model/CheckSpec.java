package io.sluice.apps.model;

import java.util.Map;
import java.util.Set;

/** The connection check: one cheap authenticated request, a success when it answers one of {@code success} (empty: any 2xx). */
public record CheckSpec(String method, Template path, Map<String, Template> query, Set<Integer> success) {
    public CheckSpec {
        query = Map.copyOf(query);
        success = Set.copyOf(success);
    }
}
