package io.sluice.state;

import io.sluice.plugin.Action;
import java.util.EnumMap;
import java.util.Map;

/** Counts of a run's records per apply state and per action. Not thread-safe; the engine adds under its own ordering. */
public final class RunCounts {
    private final EnumMap<ApplyState, Long> byState = new EnumMap<>(ApplyState.class);
    private final EnumMap<Action, Long> byAction = new EnumMap<>(Action.class);

    public void add(ApplyState state, Action action) {
        add(state, action, 1);
    }

    /** Adds {@code n} records of one apply state and action ({@code null}: records that needed no action). */
    public void add(ApplyState state, Action action, long n) {
        byState.merge(state, n, Long::sum);
        if (action != null) {
            byAction.merge(action, n, Long::sum);
        }
    }

    public long count(ApplyState state) {
        return byState.getOrDefault(state, 0L);
    }

    public long count(Action action) {
        return byAction.getOrDefault(action, 0L);
    }

    public long total() {
        return byState.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<ApplyState, Long> byState() {
        return Map.copyOf(byState);
    }

    public Map<Action, Long> byAction() {
        return Map.copyOf(byAction);
    }

    public static RunCounts of(Map<ApplyState, Long> states, Map<Action, Long> actions) {
        RunCounts c = new RunCounts();
        c.byState.putAll(states);
        c.byAction.putAll(actions);
        return c;
    }
}
