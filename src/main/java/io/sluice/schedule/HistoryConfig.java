package io.sluice.schedule;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** History retention ({@code sluice.history.*}), applied to every warehouse's history by {@link HistoryRetention}. */
@ConfigMapping(prefix = "sluice.history")
public interface HistoryConfig {

    /** History rows older than this go, except each record's latest row. {@code 90d}, {@code 12h} or ISO 8601 ({@code P90D}). */
    @WithDefault("90d")
    Duration retention();

    /** How often pruning runs; the first time 5 minutes after start, or one interval if that is shorter. */
    @WithDefault("1h")
    Duration pruneInterval();

    /** Rows deleted per statement (each its own transaction), at most. */
    @WithDefault("10000")
    int pruneChunkSize();
}
