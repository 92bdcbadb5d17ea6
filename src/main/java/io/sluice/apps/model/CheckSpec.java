package io.sluice.apps.model;

import java.util.Map;
import java.util.Set;

/**
 * The connection check: one cheap authenticated request, a success when it answers one of {@code success} (empty: any
 * 2xx) and, when {@code successWhen} is set, its body holds that (Slack answers a refused token with 200 and
 * {@code {"ok": false}}).
 */
public record CheckSpec(String method, Template path, Map<String, Template> query, Set<Integer> success, ResponseSpec.Condition successWhen) {
    public CheckSpec {
        query = Map.copyOf(query);
        success = Set.copyOf(success);
    }
}
