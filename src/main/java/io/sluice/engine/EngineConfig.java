package io.sluice.engine;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the engine runs syncs ({@code sluice.engine.*}). Per-sync tuning in sync files overrides batch size and concurrency. */
@ConfigMapping(prefix = "sluice.engine")
public interface EngineConfig {

    /**
     * Staged records read from the warehouse per page. Each page is one query: on DuckDB, pages of 5,000 read a million
     * staged records about a third faster than pages of 1,000 (docs/benchmarks.md, issue 16); a page is held in memory
     * until it is sent, so very wide records may want fewer.
     */
    @WithDefault(DEFAULT_PAGE_SIZE)
    int pageSize();

    /** {@link #pageSize()}'s default, for benchmarks that measure the defaults. */
    String DEFAULT_PAGE_SIZE = "5000";

    /** Results committed to state and history per transaction, at most. */
    @WithDefault("5000")
    int commitSize();

    /** Results are committed at least this often while they arrive. */
    @WithDefault("1s")
    Duration commitInterval();

    /** Concurrent plugin calls per run when the sync does not say. */
    @WithDefault("4")
    int concurrency();

    /** Records per plugin call when the sync does not say (never above the plugin's maximum). */
    @WithDefault("100")
    int batchSize();

    /** How often a running run refreshes its lock and checks for cancellation. */
    @WithDefault("10s")
    Duration heartbeatInterval();

    /** A lock not refreshed for this long belongs to a dead replica and may be taken over. */
    @WithDefault("2m")
    Duration lockStaleAfter();

    /** How often an active run logs its progress (sent, committed, failed, rate, ETA). */
    @WithDefault("30s")
    Duration progressLogInterval();

    /**
     * How long a run keeps trying to record its end while the warehouse does not answer (with backoff, up to 10 s
     * apart). Past it the run stays marked running, and the stale-lock takeover ({@link #lockStaleAfter}) ends it.
     */
    @WithDefault("15m")
    Duration finishRetryFor();

    /**
     * How many times, within a run, the engine sends again the records whose outcome was transient (a plugin's
     * {@code TRANSIENT} outcome or {@code RetryableException}); after the last, they are {@code DESTINATION_FAILURE}s,
     * sent again by the next run. 0 leaves them to the next run at once.
     */
    @WithDefault("2")
    int transientRetries();

    /** The wait before the first in-run retry of transient records; it doubles for each further one. */
    @WithDefault("1s")
    Duration transientRetryDelay();

    /** This replica's name in the run lock; a random one when unset. */
    Optional<String> instanceId();
}
