package io.sluice.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.api.RunView;
import io.sluice.engine.RunListener.RunEnded;
import io.sluice.state.Run;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The messages about a finished run: for hooks and {@code json} notifications the run as the API shows it
 * ({@link RunView}) plus the sync's health before and after it and the link; a readable text for Slack.
 */
@ApplicationScoped
class RunJson {
    private final ObjectMapper json;

    @Inject
    RunJson(ObjectMapper json) {
        this.json = json;
    }

    /** The run as {@code GET /api/v1/runs/{id}} answers it, with {@code syncHealth} (before, after) and {@code link} when set. */
    ObjectNode run(RunEnded ended, Optional<String> link) {
        ObjectNode n = json.valueToTree(RunView.of(ended.run(), Optional.empty()));
        ObjectNode health = n.putObject("syncHealth");
        health.put("before", ended.healthBefore() == null ? null : ended.healthBefore().name());
        health.put("after", ended.healthAfter() == null ? null : ended.healthAfter().name());
        link.ifPresent(l -> n.put("link", l));
        return n;
    }

    /** A {@code json} notification: the event and the run. */
    String notification(String event, RunEnded ended, Optional<String> link) {
        ObjectNode n = json.createObjectNode().put("event", event);
        n.set("run", run(ended, link));
        return n.toString();
    }

    /** A Slack-compatible message: {@code {"text": ...}} with sync, run, state, health before and after, counts, error, link. */
    String slack(RunEnded ended, Optional<String> link) {
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
        return json.createObjectNode().put("text", text.toString()).toString();
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
