package io.sluice.plugins.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import io.sluice.plugin.Action;
import io.sluice.plugin.PluginSettings;
import io.sluice.plugin.SafeUrls;
import io.sluice.plugin.support.Redactor;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A webhook connection's settings, parsed and checked once when the connection opens. Every problem is a
 * {@link io.sluice.plugin.PluginConfigException} naming the connection and the key; header values are
 * secrets and never appear in a message. The settings are listed on {@link WebhookPlugin}.
 *
 * @param connection        the connection's name, for messages
 * @param url               the request URL, plain or a Jinja template (compiled by {@link RequestBuilder})
 * @param methods           the HTTP method per action
 * @param headers           extra request headers by name (values are secrets)
 * @param mode              one request per record, or one per batch
 * @param batchSize         the most records per {@code send}
 * @param idPointer         where the app identifier is in a response (per element in batch mode)
 * @param batchErrorPointer in batch mode, where an element of the response array says it failed
 * @param successPointer    where a 2xx answer (per element in batch mode) must have a value to count as delivered
 * @param successValue      the value (as text) that must be at {@code successPointer}; empty: any value but null
 * @param bodyTemplate      Jinja template for the JSON body of one record
 * @param checkUrl          URL that {@code check()} calls with GET
 */
record WebhookSettings(String connection, String url, Map<Action, HttpMethod> methods, Map<String, String> headers,
                       Mode mode, int batchSize, Optional<JsonPointer> idPointer,
                       JsonPointer batchErrorPointer, Optional<JsonPointer> successPointer, Optional<String> successValue,
                       Optional<String> bodyTemplate, Optional<String> checkUrl) {

    /** How records map to HTTP requests. */
    enum Mode {
        /** One request per record; the records of a batch are sent concurrently. */
        RECORD,
        /** One request per batch (per action within a batch), its body a JSON array of the records' bodies. */
        BATCH
    }

    private static final Set<HttpMethod> ALLOWED_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    WebhookSettings {
        methods = Map.copyOf(methods);
        headers = Map.copyOf(headers);
    }

    /** Reads and checks the settings of connection {@code connection}. */
    static WebhookSettings parse(String connection, PluginSettings settings) {
        String url = settings.required("url");
        if (!RequestBuilder.isTemplate(url)) {
            settings.httpUrl("url", false);
        }
        Mode mode = mode(settings);
        int batchSize = settings.positiveInt("batch-size", mode == Mode.BATCH ? 100 : 1);
        Optional<JsonPointer> idPointer = settings.optional("id-pointer").map(p -> pointer(settings, "id-pointer", p));
        JsonPointer batchErrorPointer = pointer(settings, "batch-error-pointer", settings.get("batch-error-pointer", "/error"));
        Optional<JsonPointer> successPointer = settings.optional("success-pointer").map(p -> pointer(settings, "success-pointer", p));
        Optional<String> successValue = settings.optional("success-value");
        if (successValue.isPresent() && successPointer.isEmpty()) {
            throw settings.invalid("success-value", "needs success-pointer: say where in the answer the value '" + successValue.get() + "' must be");
        }
        Optional<String> checkUrl = settings.httpUrl("check-url", false);
        return new WebhookSettings(connection, url, methods(settings), headers(settings), mode, batchSize, idPointer, batchErrorPointer,
                successPointer, successValue, settings.optional("body-template"), checkUrl);
    }

    HttpMethod method(Action action) {
        return methods.get(action);
    }

    /** Without the header values, which are secrets: their names only. */
    @Override
    public String toString() {
        return "WebhookSettings[connection=" + connection + ", url=" + SafeUrls.describe(url) + ", methods=" + methods + ", headers="
                + headers.keySet().stream().sorted(String.CASE_INSENSITIVE_ORDER).map(name -> name + "=" + Redactor.MASK).toList()
                + ", mode=" + mode + ", batchSize=" + batchSize + ", idPointer=" + idPointer + ", batchErrorPointer=" + batchErrorPointer
                + ", successPointer=" + successPointer + ", successValue=" + successValue
                + ", bodyTemplate=" + bodyTemplate + ", checkUrl=" + checkUrl.map(SafeUrls::describe) + "]";
    }

    private static Mode mode(PluginSettings settings) {
        String value = settings.get("mode", "record").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "record" -> Mode.RECORD;
            case "batch" -> Mode.BATCH;
            default -> throw settings.invalid("mode", "must be 'record' or 'batch', not '" + value + "'");
        };
    }

    /** {@code method} is the default for every action but delete; {@code method.<action>} overrides one action. */
    private static Map<Action, HttpMethod> methods(PluginSettings settings) {
        HttpMethod fallback = httpMethod(settings, "method", settings.get("method", "POST"));
        Map<Action, HttpMethod> methods = new EnumMap<>(Action.class);
        for (Action action : Action.values()) {
            methods.put(action, action == Action.DELETE ? HttpMethod.DELETE : fallback);
        }
        settings.withPrefix("method").forEach((actionName, value) -> {
            String key = "method." + actionName;
            Action action = Arrays.stream(Action.values()).filter(a -> a.name().equalsIgnoreCase(actionName.trim())).findFirst()
                    .orElseThrow(() -> settings.invalid(key, "names no action; expected method." + Arrays.stream(Action.values())
                            .map(a -> a.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", method."))));
            if (!value.isBlank()) {
                methods.put(action, httpMethod(settings, key, value));
            }
        });
        return methods;
    }

    private static HttpMethod httpMethod(PluginSettings settings, String key, String value) {
        String name = value.trim().toUpperCase(Locale.ROOT);
        return ALLOWED_METHODS.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> settings.invalid(key, "must be one of POST, PUT, PATCH, DELETE, not '" + value.trim() + "'"));
    }

    /** Header values are secrets: checked, but never quoted. */
    private static Map<String, String> headers(PluginSettings settings) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        settings.withPrefix("headers").forEach((name, value) -> {
            String key = "headers." + name;
            if (!HEADER_NAME.matcher(name).matches()) {
                throw settings.invalid(key, "is not a valid HTTP header name");
            }
            if (value == null || value.isBlank()) {
                throw settings.invalid(key, "is empty (is the environment variable it refers to set?)");
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw settings.invalid(key, "contains a line break");
            }
            headers.put(name, value.trim());
        });
        return headers;
    }

    private static JsonPointer pointer(PluginSettings settings, String key, String value) {
        try {
            return JsonPointer.compile(value);
        } catch (IllegalArgumentException e) {
            throw settings.invalid(key, "'" + value + "' is not a JSON pointer (e.g. /id or /data/0/id)");
        }
    }

    /**
     * Why {@code url} cannot be requested, or {@code null} when it is an absolute http(s) URL. The URL is quoted
     * without its query and user info, which may carry credentials.
     */
    static String urlProblem(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return "'" + SafeUrls.describe(url) + "' is not an absolute http(s) URL";
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                return "'" + SafeUrls.describe(url) + "' has no host";
            }
            return null;
        } catch (URISyntaxException e) {
            return "'" + SafeUrls.describe(url) + "' is not a valid URL (" + e.getReason() + ")";
        }
    }
}
