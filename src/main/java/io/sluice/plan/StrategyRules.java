package io.sluice.plan;

import io.sluice.plugin.Action;
import io.sluice.plugin.Strategy;
import java.util.Optional;

/** The strategy table of SEMANTICS.md: which action, if any, each situation calls for. */
public final class StrategyRules {
    private StrategyRules() {
    }

    public static Optional<Action> actionFor(Strategy strategy, Situation situation) {
        Action a = switch (strategy) {
            case CREATE -> situation == Situation.NEW ? Action.CREATE : null;
            case UPSERT -> switch (situation) {
                case NEW -> Action.CREATE;
                case CHANGED -> Action.UPDATE;
                default -> null;
            };
            case UPDATE -> situation == Situation.NEW || situation == Situation.CHANGED ? Action.UPDATE : null;
            case DELETE -> situation == Situation.NEW ? Action.DELETE : null;
            case MIRROR -> switch (situation) {
                case NEW -> Action.CREATE;
                case CHANGED -> Action.UPDATE;
                case GONE -> Action.DELETE;
                case UNCHANGED -> null;
            };
            case REPLACE -> situation == Situation.GONE ? null : Action.RECREATE;
            case SEND -> situation == Situation.NEW ? Action.SEND : null;
        };
        return Optional.ofNullable(a);
    }

    /**
     * The action a resync request sends for a record still in the source: what a change would send if the
     * record was applied before, what a new record would send otherwise; the strategy's own action where
     * changes send nothing (create, delete, send).
     */
    public static Action resyncAction(Strategy strategy, boolean appliedBefore) {
        Situation s = appliedBefore ? Situation.CHANGED : Situation.NEW;
        return actionFor(strategy, s).or(() -> actionFor(strategy, Situation.NEW)).orElseThrow();
    }
}
