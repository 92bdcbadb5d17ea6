package io.sluice.apps.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sluice.apps.model.ActionSpec;
import io.sluice.apps.model.Template;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.SyncTarget;
import io.sluice.template.TemplateException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the requests of one action of a connection: URL (base URL, the action's path, its query and the connection's
 * query authentication), headers and body. Templates were parsed when the definition loaded; what depends on settings
 * only (headers, a batch action's path and query when it names no object) is rendered here once. A record-mode action
 * without a body template sends the record itself as JSON (no rendering at all), its top-level fields as a form, or
 * nothing for a DELETE.
 */
final class RequestFactory {
    private static final JsonMapper JSON = new JsonMapper();

    private final ActionSpec action;
    private final String baseUrl;
    private final Map<String, Object> settings;
    private final Map<String, String> authQuery;
    private final Map<String, String> headers;
    /** The URL when neither path nor query is a template (most actions): built once, not per record. */
    private final String constantUrl;
    /** Whether a record request renders anything at all; if not, it needs no template variables. */
    private final boolean rendersRecord;

    /**
     * @param baseUrl   the connection's base URL, without a trailing slash
     * @param authQuery query parameters that authenticate every request (rendered, not encoded)
     */
    RequestFactory(ActionSpec action, String baseUrl, Map<String, Object> settings, Map<String, String> authQuery) {
        this.action = action;
        this.baseUrl = baseUrl;
        this.settings = settings;
        this.authQuery = authQuery;
        Map<String, Object> bindings = Bindings.of(settings, null);
        Map<String, String> h = new LinkedHashMap<>();
        action.headers().forEach((name, t) -> h.put(name, t.render(bindings)));
        if (action.contentType() == ActionSpec.ContentType.FORM) {
            h.put("Content-Type", action.contentType().mediaType());
        }
        this.headers = Map.copyOf(h);
        this.rendersRecord = !action.path().isConstant() || action.body() != null || action.query().values().stream().anyMatch(t -> !t.isConstant());
        boolean constantUrl = action.path().isConstant() && action.query().values().stream().allMatch(Template::isConstant);
        this.constantUrl = constantUrl ? url(Map.of()) : null;
    }

    ActionSpec action() {
        return action;
    }

    /** The request for one record (record mode). */
    AppRequest forRecord(SyncTarget target, OutboundRecord record) {
        Map<String, Object> bindings = rendersRecord ? Bindings.of(settings, target, record, action.kind().id()) : Map.of();
        String url = constantUrl != null ? constantUrl : url(bindings);
        String body;
        if (action.body() != null) {
            body = encode(parsed(render(action.body(), bindings)));
        } else if ("DELETE".equals(action.method()) || "GET".equals(action.method())) {
            body = null;
        } else if (action.contentType() == ActionSpec.ContentType.FORM) {
            body = form(record.record());
        } else {
            body = record.record() == null ? "{}" : record.record().toString();
        }
        return new AppRequest(action.method(), url, headers, body);
    }

    /** The request for several records sharing this action (batch mode). */
    AppRequest forBatch(SyncTarget target, List<OutboundRecord> records) {
        Map<String, Object> bindings = Bindings.ofBatch(settings, target, records, action.kind().id());
        return new AppRequest(action.method(), constantUrl != null ? constantUrl : url(bindings), headers, encode(parsed(render(action.batch().body(), bindings))));
    }

    private String url(Map<String, Object> bindings) {
        StringBuilder url = new StringBuilder(baseUrl).append(render(action.path(), bindings).trim());
        char sep = url.indexOf("?") < 0 ? '?' : '&';
        for (Map.Entry<String, Template> q : action.query().entrySet()) {
            url.append(sep).append(encode(q.getKey())).append('=').append(encode(render(q.getValue(), bindings)));
            sep = '&';
        }
        for (Map.Entry<String, String> q : authQuery.entrySet()) {
            url.append(sep).append(encode(q.getKey())).append('=').append(encode(q.getValue()));
            sep = '&';
        }
        return url.toString();
    }

    private static String render(Template template, Map<String, Object> bindings) {
        try {
            return template.render(bindings);
        } catch (TemplateException e) {
            throw new InvalidRecordException(e.getMessage());
        }
    }

    /** The rendered body as JSON: a body that is not JSON fails its records here instead of at the app. */
    private JsonNode parsed(String text) {
        if (text.isBlank()) {
            throw new InvalidRecordException("the body template of action " + action.kind().id() + " rendered nothing");
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("the body template of action " + action.kind().id() + " did not render valid JSON: "
                    + e.getOriginalMessage() + (e.getLocation() == null ? "" : " (rendered line " + e.getLocation().getLineNr() + ")"));
        }
    }

    private String encode(JsonNode body) {
        if (action.contentType() != ActionSpec.ContentType.FORM) {
            return body.toString();
        }
        if (!body.isObject()) {
            throw new InvalidRecordException("the body template of form action " + action.kind().id() + " must render a JSON object (its fields become form fields)");
        }
        return form(body);
    }

    /** A JSON object's top-level fields as {@code application/x-www-form-urlencoded}: texts as they are, other values as JSON. */
    static String form(JsonNode object) {
        StringBuilder out = new StringBuilder();
        if (object == null) {
            return "";
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append('&');
            }
            String value = e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString();
            out.append(encode(e.getKey())).append('=').append(encode(value));
        }
        return out.toString();
    }

    /** Fields as {@code application/x-www-form-urlencoded}. */
    static String form(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((name, value) -> {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(encode(name)).append('=').append(encode(value));
        });
        return out.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The check's or a token's URL: base URL (or an absolute URL) with a query. */
    static String url(String base, String path, Map<String, String> query) {
        StringBuilder url = new StringBuilder(path.startsWith("http://") || path.startsWith("https://") ? path : base + path);
        char sep = url.indexOf("?") < 0 ? '?' : '&';
        for (Map.Entry<String, String> q : new HashMap<>(query).entrySet()) {
            url.append(sep).append(encode(q.getKey())).append('=').append(encode(q.getValue()));
            sep = '&';
        }
        return url.toString();
    }
}
