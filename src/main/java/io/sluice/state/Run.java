package io.sluice.state;

import java.time.Instant;
import java.util.Map;

/**
 * One pass of a sync as stored in the runs table.
 *
 * @param recordsStaged records the diff found needing something (null until staging finished)
 * @param appUsage      what the app reported about its quotas when the run ended (see {@code AppConnection.usage()})
 */
public record Run(String id, String syncSlug, Trigger trigger, RunState state, Health health, Instant startedAt,
                  Instant endedAt, String globalError, RunCounts counts, Long recordsStaged, Instant cancelRequestedAt,
                  Map<String, String> appUsage) {

    public Run {
        appUsage = appUsage == null ? Map.of() : Map.copyOf(appUsage);
    }

    public boolean isActive() {
        return state == RunState.RUNNING;
    }

    /** Whether the run included any record (SEMANTICS: sync health follows the latest run with records). */
    public boolean hasRecords() {
        return counts != null && counts.total() > 0;
    }
}
