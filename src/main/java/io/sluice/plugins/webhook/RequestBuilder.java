package io.sluice.plugins.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sluice.plugin.Action;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.PluginConfigException;
import io.sluice.plugin.SyncTarget;
import io.sluice.template.TemplateException;
import io.sluice.template.TemplateRenderer;
import io.vertx.core.http.HttpMethod;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns records into HTTP requests: renders the URL and body templates (compiled once, at open) and picks
 * the method for the record's action. Template variables: {@code record}, {@code previous},
 * {@code identifier}, {@code action} (lower case: {@code create}, {@code update}, {@code delete},
 * {@code recreate}, {@code send}), {@code app_identifier} and {@code object} (the sync's target object). In
 * batch mode the URL sees only {@code action} and {@code object}.
 */
final class RequestBuilder {
    /** A URL that mentions the app identifier cannot address an object whose identifier is still unknown. */
    private static final Pattern USES_APP_IDENTIFIER = Pattern.compile("\\bapp_identifier\\b");

    /** One HTTP request. {@code body} is {@code null} when none is sent. */
    record Request(HttpMethod method, String url, JsonNode body) {
    }

    /** A record that could not be turned into a request; it fails without being sent. */
    static final class InvalidRecordException extends RuntimeException {
        private final int line;

        InvalidRecordException(String message, int line) {
            super(message);
            this.line = line;
        }

        /** The template line at fault, or -1. */
        int line() {
            return line;
        }
    }

    private final WebhookSettings settings;
    private final TemplateRenderer.Compiled urlTemplate;
    private final TemplateRenderer.Compiled bodyTemplate;
    private final boolean urlUsesAppIdentifier;

    RequestBuilder(WebhookSettings settings) {
        this.settings = settings;
        TemplateRenderer renderer = new TemplateRenderer();
        this.urlTemplate = isTemplate(settings.url()) ? compile(renderer, "url", settings.url()) : null;
        this.bodyTemplate = settings.bodyTemplate().map(t -> compile(renderer, "body-template", t)).orElse(null);
        this.urlUsesAppIdentifier = urlTemplate != null && USES_APP_IDENTIFIER.matcher(settings.url()).find();
    }

    static boolean isTemplate(String text) {
        return text.contains("{{") || text.contains("{%");
    }

    private TemplateRenderer.Compiled compile(TemplateRenderer renderer, String key, String template) {
        try {
            return renderer.compile(key, template);
        } catch (TemplateException e) {
            throw new PluginConfigException(settings.connection(), key, "is not a valid Jinja template: " + e.getMessage());
        }
    }

    /**
     * Problems that keep a record from being sent, found without rendering: an update or delete whose URL
     * needs the app identifier, for a record that has none (it would address the collection instead).
     */
    List<String> problems(OutboundRecord record) {
        boolean needsObject = record.action() == Action.UPDATE || record.action() == Action.DELETE;
        if (needsObject && urlUsesAppIdentifier && (record.appIdentifier() == null || record.appIdentifier().isBlank())) {
            return List.of("the url uses app_identifier, but this record has no app identifier yet, so a "
                    + record.action().name().toLowerCase(Locale.ROOT) + " cannot address its object");
        }
        return List.of();
    }

    /** The request for one record (record mode). */
    Request forRecord(SyncTarget target, OutboundRecord record) {
        List<String> problems = problems(record);
        if (!problems.isEmpty()) {
            throw new InvalidRecordException(problems.get(0), -1);
        }
        HttpMethod method = settings.method(record.action());
        // the bindings (the record as plain Java values) only when a template reads them
        String url = urlTemplate == null ? settings.url() : url(bindings(target, record));
        JsonNode body;
        if (bodyTemplate != null) {
            body = renderBody(target, record).orElse(null);
        } else {
            body = method == HttpMethod.DELETE ? null : record.record();
        }
        return new Request(method, url, body);
    }

    /** The URL and method for one batch request of records sharing {@code action} (batch mode). */
    Request forBatch(SyncTarget target, Action action, ArrayNode body) {
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("action", action.name().toLowerCase(Locale.ROOT));
        bindings.put("object", target.object());
        return new Request(settings.method(action), url(bindings), body);
    }

    /** One element of a batch body: the rendered body template, or the record itself. */
    JsonNode batchElement(SyncTarget target, OutboundRecord record) {
        if (bodyTemplate == null) {
            return record.record() == null ? Json.NODES.objectNode() : record.record();
        }
        return renderBody(target, record).orElseThrow(() -> new InvalidRecordException(
                "body-template rendered nothing; in batch mode every record needs a JSON body", -1));
    }

    private String url(Map<String, Object> bindings) {
        if (urlTemplate == null) {
            return settings.url();
        }
        String url = render(urlTemplate, bindings).trim();
        String problem = WebhookSettings.urlProblem(url);
        if (problem != null) {
            throw new InvalidRecordException("url rendered " + problem, -1);
        }
        return url;
    }

    private Optional<JsonNode> renderBody(SyncTarget target, OutboundRecord record) {
        String text = render(bodyTemplate, bindings(target, record));
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.parse(text));
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new InvalidRecordException("body-template did not render valid JSON: " + e.getOriginalMessage()
                    + (line > 0 ? " (rendered line " + line + ")" : ""), -1);
        }
    }

    private static String render(TemplateRenderer.Compiled template, Map<String, Object> bindings) {
        try {
            return template.render(bindings);
        } catch (TemplateException e) {
            throw new InvalidRecordException(e.getMessage(), e.line());
        }
    }

    private static Map<String, Object> bindings(SyncTarget target, OutboundRecord record) {
        // HashMap: values may be null (no previous record, no app identifier yet)
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("record", Json.toJava(record.record()));
        bindings.put("previous", Json.toJava(record.previous()));
        bindings.put("identifier", record.identifier());
        bindings.put("action", record.action().name().toLowerCase(Locale.ROOT));
        bindings.put("app_identifier", record.appIdentifier());
        bindings.put("object", target.object());
        return bindings;
    }
}
