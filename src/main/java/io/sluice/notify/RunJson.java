package io.sluice.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.engine.RunListener.RunEnded;
import io.sluice.state.Run;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The messages about a finished run: its JSON for hooks and {@code json} notifications, a readable text for Slack. */
final class RunJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private RunJson() {
    }

    /** The run as JSON with the sync's health before and after it. */
    static ObjectNode run(RunEnded ended, Optional<String> link) {
        Run r = ended.run();
        ObjectNode n = JSON.createObjectNode()
                .put("id", r.id()).put("sync", r.syncSlug()).put("trigger", r.trigger().name())
                .put("state", r.state().name()).put("health", r.health().name())
                .put("startedAt", String.valueOf(r.startedAt())).put("endedAt", r.endedAt() == null ? null : r.endedAt().toString());
        if (r.recordsStaged() != null) {
            n.put("recordsStaged", r.recordsStaged());
        }
        n.put("globalError", r.globalError());
        ObjectNode counts = n.putObject("counts");
        if (r.counts() != null) {
            r.counts().byState().forEach((state, c) -> counts.withObject("states").put(state.name(), c));
            r.counts().byAction().forEach((action, c) -> counts.withObject("actions").put(action.name(), c));
        }
        ObjectNode health = n.putObject("syncHealth");
        health.put("before", ended.healthBefore() == null ? null : ended.healthBefore().name());
        health.put("after", ended.healthAfter() == null ? null : ended.healthAfter().name());
        link.ifPresent(l -> n.put("link", l));
        return n;
    }

    /** A {@code json} notification: the event and the run. */
    static String notification(String event, RunEnded ended, Optional<String> link) {
        ObjectNode n = JSON.createObjectNode().put("event", event);
        n.set("run", run(ended, link));
        return n.toString();
    }

    /** A Slack-compatible message: {@code {"text": ...}} with sync, run, state, health before and after, counts, error, link. */
    static String slack(RunEnded ended, Optional<String> link) {
        Run r = ended.run();
        StringBuilder text = new StringBuilder();
        text.append(emoji(ended)).append(" Sluice sync *").append(escape(r.syncSlug())).append("*: health ")
                .append(name(ended.healthBefore())).append(" → ").append(name(ended.healthAfter())).append('\n');
        String run = link.map(l -> "<" + l + "|" + r.id() + ">").orElse(r.id());
        text.append("Run ").append(run).append(" (").append(r.trigger().name().toLowerCase(Locale.ROOT)).append(") ended ")
                .append(r.state().name()).append(", health ").append(r.health().name());
        Map<?, Long> byState = r.counts() == null ? Map.of() : r.counts().byState();
        if (!byState.isEmpty()) {
            text.append(": ").append(byState.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                    .sorted().collect(Collectors.joining(", ")));
        }
        if (r.globalError() != null) {
            text.append("\nError: ").append(escape(r.globalError()));
        }
        return JSON.createObjectNode().put("text", text.toString()).toString();
    }

    private static String emoji(RunEnded ended) {
        return switch (ended.run().health()) {
            case HEALTHY -> ":white_check_mark:";
            case FAILED -> ":x:";
            default -> ":warning:";
        };
    }

    private static String name(Enum<?> health) {
        return health == null ? "UNKNOWN" : health.name();
    }

    /** Slack's control characters in text. */
    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
