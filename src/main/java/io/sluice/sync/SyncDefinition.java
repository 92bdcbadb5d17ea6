package io.sluice.sync;

import io.sluice.plugin.RateLimitOverride;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.SyncRateLimits;
import io.sluice.plugin.SyncTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A sync as loaded from its file: one source, one identifier column, a mapping or a template, a strategy and
 * one target object of one connection. Immutable and already validated for shape; references (warehouse,
 * connection, strategy support) are checked by {@link SyncRegistry}.
 *
 * @param mapping  app field to column name or SQL expression, sorted by field (empty when a template is used)
 * @param template Jinja template rendering the payload from {@code row}, or {@code null} when a mapping is used
 * @param schedule unix cron expression, or {@code null}
 * @param after    slugs of syncs whose completion triggers this one
 */
public record SyncDefinition(String slug, String file, Source source, Target target, Strategy strategy,
                             SortedMap<String, String> mapping, String template, String schedule, List<String> after,
                             Duration timeLimit, Tuning tuning) {

    public SyncDefinition {
        Objects.requireNonNull(slug);
        mapping = mapping == null ? new TreeMap<>() : new TreeMap<>(mapping);
        after = after == null ? List.of() : List.copyOf(after);
        tuning = tuning == null ? Tuning.DEFAULT : tuning;
    }

    public boolean usesTemplate() {
        return template != null;
    }

    /** The target as the plugin sees it. */
    public SyncTarget syncTarget() {
        return new SyncTarget(slug, target.object(), strategy, target.options());
    }

    /**
     * Where records come from.
     *
     * @param warehouse warehouse name from configuration
     * @param table     a table or view name (possibly qualified), or {@code null} when {@code query} is used
     * @param query     a SELECT, or {@code null} when {@code table} is used
     * @param idColumn  the identifier column (a plain name)
     * @param filter    optional SQL condition on the source rows
     */
    public record Source(String warehouse, String table, String query, String idColumn, String filter) {
    }

    /** Where records go: a connection, an app object, and plugin options. */
    public record Target(String connection, String object, Map<String, String> options) {
        public Target {
            options = options == null ? Map.of() : Map.copyOf(options);
        }
    }

    /**
     * User tuning; {@code null} means the default (the plugin's maximum batch size; engine concurrency).
     *
     * @param rateLimits the sync's own rate-limit definitions ({@code tuning.rate-limits}), on top of the
     *                   connection's (see {@link SyncRateLimits}); empty: none
     */
    public record Tuning(Integer batchSize, Integer concurrency, List<RateLimitOverride> rateLimits) {
        public static final Tuning DEFAULT = new Tuning(null, null);

        public Tuning {
            rateLimits = rateLimits == null ? List.of() : List.copyOf(rateLimits);
        }

        public Tuning(Integer batchSize, Integer concurrency) {
            this(batchSize, concurrency, List.of());
        }
    }

    /** The sync's own rate limits, as the engine hands them to the plugin's HTTP calls. */
    public SyncRateLimits rateLimits() {
        return tuning.rateLimits().isEmpty() ? SyncRateLimits.NONE : new SyncRateLimits(slug, tuning.rateLimits());
    }
}
