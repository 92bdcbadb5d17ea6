package io.sluice.apps.model;

import io.sluice.plugin.Action;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.EnumSet;
import io.sluice.plugin.Strategy;

/** The actions a definition can describe, and how the engine's actions and strategies map onto them. */
public enum ActionKind {
    CREATE, UPDATE, UPSERT, DELETE, SEND;

    /** The spelling in a definition file: lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind spelled {@code id}, if any. */
    public static Optional<ActionKind> parse(String id) {
        for (ActionKind k : values()) {
            if (k.id().equals(id)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /**
     * The definition action that carries an engine action, given the actions a definition defines: {@code CREATE}
     * -> create, else upsert; {@code UPDATE} -> update, else upsert; {@code RECREATE} -> upsert, else update;
     * {@code DELETE} -> delete; {@code SEND} -> send. Empty when the definition has none of them.
     */
    public static Optional<ActionKind> forAction(Action action, Set<ActionKind> defined) {
        return switch (action) {
            case CREATE -> first(defined, CREATE, UPSERT);
            case UPDATE -> first(defined, UPDATE, UPSERT);
            case RECREATE -> first(defined, UPSERT, UPDATE);
            case DELETE -> first(defined, DELETE);
            case SEND -> first(defined, SEND);
        };
    }

    private static Optional<ActionKind> first(Set<ActionKind> defined, ActionKind... choices) {
        for (ActionKind c : choices) {
            if (defined.contains(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * The strategies a definition supports: those whose every engine action (SEMANTICS.md's table) maps onto a defined
     * action. create: CREATE; update: UPDATE; upsert: CREATE and UPDATE; delete: DELETE; mirror: CREATE, UPDATE and
     * DELETE; replace: RECREATE (and CREATE, UPDATE for the engine's resync of never-created records); send: SEND.
     */
    public static Set<Strategy> strategies(Set<ActionKind> defined) {
        Map<Strategy, Set<Action>> needs = Map.of(
                Strategy.CREATE, EnumSet.of(Action.CREATE),
                Strategy.UPDATE, EnumSet.of(Action.UPDATE),
                Strategy.UPSERT, EnumSet.of(Action.CREATE, Action.UPDATE),
                Strategy.DELETE, EnumSet.of(Action.DELETE),
                Strategy.MIRROR, EnumSet.of(Action.CREATE, Action.UPDATE, Action.DELETE),
                Strategy.REPLACE, EnumSet.of(Action.RECREATE, Action.CREATE),
                Strategy.SEND, EnumSet.of(Action.SEND));
        Set<Strategy> out = EnumSet.noneOf(Strategy.class);
        needs.forEach((strategy, actions) -> {
            if (actions.stream().allMatch(a -> forAction(a, defined).isPresent())) {
                out.add(strategy);
            }
        });
        return out;
    }
}
