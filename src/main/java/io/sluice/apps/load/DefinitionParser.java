package io.sluice.apps.load;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sluice.apps.model.ActionKind;
import io.sluice.apps.model.ActionSpec;
import io.sluice.apps.model.AppDefinition;
import io.sluice.apps.model.AuthSpec;
import io.sluice.apps.model.CheckSpec;
import io.sluice.apps.model.ResponseSpec;
import io.sluice.apps.model.SettingSpec;
import io.sluice.apps.model.SettingValues;
import io.sluice.apps.model.Template;
import io.sluice.apps.model.WaitSpec;
import io.sluice.plugin.RateLimitOverride;
import io.sluice.plugin.RateLimitProperties;
import io.sluice.template.TemplateException;
import io.sluice.template.TemplateRenderer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one app definition file (YAML) into an {@link AppDefinition}, strictly: an unknown field, a template that
 * does not parse or reads a setting the file does not declare, a bad JSON pointer, method or status are errors, each
 * reported with file, field and reason (all of them, not only the first). Pure: no I/O besides the text it is given.
 * See {@code docs/apps.md} for the format.
 */
public final class DefinitionParser {
    /** A definition's name, also its file name. */
    public static final Pattern APP_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern SETTING_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    /** Settings every definition connection takes from the framework; a definition cannot declare them. */
    private static final Set<String> RESERVED = Set.of("timeout", "batch_size");

    private static final Set<String> TOP = Set.of("app", "title", "docs", "description", "objects", "settings", "base-url", "headers",
            "auth", "actions", "rate-limits", "wait", "check");
    private static final Set<String> SETTING = Set.of("type", "required", "secret", "default", "enum", "description");
    private static final Set<String> ACTION = Set.of("method", "path", "query", "headers", "content-type", "body", "batch", "response");
    private static final Set<String> BATCH = Set.of("max", "body");
    private static final Set<String> RESPONSE = Set.of("success", "success-when", "app-identifier", "results", "match", "key", "error",
            "errors", "batch-rejected", "retryable", "error-when", "partial", "unavailable-when", "retryable-when");
    private static final Set<String> CHECK = Set.of("method", "path", "query", "success", "success-when");
    private static final Map<AuthSpec.Type, Set<String>> AUTH = Map.of(
            AuthSpec.Type.NONE, Set.of("type"),
            AuthSpec.Type.BEARER, Set.of("type", "token"),
            AuthSpec.Type.BASIC, Set.of("type", "username", "password"),
            AuthSpec.Type.HEADER, Set.of("type", "name", "value"),
            AuthSpec.Type.QUERY, Set.of("type", "name", "value"),
            AuthSpec.Type.OAUTH2, Set.of("type", "grant", "token-url", "client-id", "client-secret", "refresh-token", "scope", "client-auth",
                    "scheme"));
    /** An HTTP authentication scheme (RFC 9110 11.1: a token). */
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    /** Variables of one record, which only an action's record-mode path, query and body may use. */
    private static final List<String> RECORD_VARIABLES = List.of("record", "previous", "identifier", "app_identifier", "records");
    private static final Pattern SETTING_BY_NAME = Pattern.compile("\\bsettings\\s*(?:\\.\\s*([A-Za-z_][A-Za-z0-9_]*)|\\[\\s*(['\"])(.*?)\\2\\s*\\])");
    private static final Pattern SETTINGS_WORD = Pattern.compile("\\bsettings\\b");
    /** Jinja tags that load another template by name (a file): {@code include}, {@code import}, {@code from}, {@code extends}. */
    private static final Pattern FILE_TAG = Pattern.compile("\\{%-?\\s*(include|import|from|extends)\\b");

    private final TemplateRenderer renderer = new TemplateRenderer();

    /**
     * Parses a definition.
     *
     * @param file     names the file in problems
     * @param expected the name the file's name gives, which {@code app} must equal; {@code null} to skip that check
     * @throws DefinitionException with every problem found
     */
    public AppDefinition parse(String file, String expected, String yaml) {
        Problems p = new Problems(file);
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            p.add(null, "is not valid YAML: " + e.getOriginalMessage() + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
            throw p.exception();
        }
        if (root == null || !root.isObject()) {
            p.add(null, "must be a YAML mapping with app, title, docs, base-url, auth and actions");
            throw p.exception();
        }
        p.unknown(root, "", TOP);
        String app = p.text(root, "app", true);
        if (app != null && !APP_NAME.matcher(app).matches()) {
            p.add("app", "'" + app + "' must be lower-case letters, digits and '-', starting with a letter");
        } else if (app != null && expected != null && !app.equals(expected)) {
            p.add("app", "'" + app + "' must equal the file's name ('" + expected + "')");
        }
        String title = p.text(root, "title", true);
        List<String> docs = p.texts(root, "docs");
        if (docs.isEmpty() && !p.has("docs")) {
            p.add("docs", "is required: the links to the API documentation the definition was written from (at least one)");
        }
        docs.forEach(d -> {
            if (!d.startsWith("https://") && !d.startsWith("http://")) {
                p.add("docs", "'" + d + "' is not an http(s) link");
            }
        });
        String description = p.text(root, "description", false);
        List<String> objects = p.texts(root, "objects");

        Map<String, SettingSpec> settings = settings(root.get("settings"), p);
        Templates t = new Templates(renderer, p, settings.keySet());
        Template baseUrl = t.settingsOnly("base-url", p.text(root, "base-url", true));
        Map<String, Template> headers = t.settingsOnlyMap("headers", root.get("headers"));
        AuthSpec auth = auth(root.get("auth"), p, t);
        Map<ActionKind, ActionSpec> actions = actions(root.get("actions"), p, t);
        List<RateLimitOverride> rateLimits = rateLimits(root.get("rate-limits"), p);
        List<WaitSpec> waits = waits(root.get("wait"), p);
        CheckSpec check = check(root.get("check"), p, t);
        if (!p.problems.isEmpty()) {
            throw p.exception();
        }
        return new AppDefinition(app, title, docs, description, objects, settings, baseUrl, headers, auth, actions, rateLimits, waits, check);
    }

    private static Map<String, SettingSpec> settings(JsonNode node, Problems p) {
        Map<String, SettingSpec> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            p.add("settings", "must be a mapping of setting names to {type, required, secret, default, enum, description}");
            return out;
        }
        node.properties().forEach(e -> {
            String name = e.getKey();
            String field = "settings." + name;
            if (!SETTING_NAME.matcher(name).matches()) {
                p.add(field, "'" + name + "' must be snake_case: lower-case letters, digits and '_', starting with a letter");
                return;
            }
            if (RESERVED.contains(name)) {
                p.add(field, "'" + name + "' is a setting every definition connection takes from the framework; name it otherwise");
                return;
            }
            JsonNode s = e.getValue();
            if (s == null || !s.isObject()) {
                p.add(field, "must be a mapping such as {type: string, required: true}");
                return;
            }
            p.unknown(s, field + ".", SETTING);
            SettingSpec.Type type = SettingSpec.Type.STRING;
            String typeText = p.text(s, field + ".type", "type", false);
            if (typeText != null) {
                try {
                    type = SettingSpec.Type.valueOf(typeText.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException ex) {
                    p.add(field + ".type", "'" + typeText + "' is not a setting type; expected string, integer or boolean");
                }
            }
            boolean required = p.bool(s, field + ".required", "required");
            boolean secret = p.bool(s, field + ".secret", "secret");
            String defaultValue = p.text(s, field + ".default", "default", false);
            List<String> allowed = p.texts(s, field + ".enum", "enum");
            if (defaultValue != null) {
                String problem = SettingValues.problem(type, allowed, defaultValue);
                if (problem != null) {
                    p.add(field + ".default", problem);
                }
            }
            out.put(name, new SettingSpec(name, type, required, secret, defaultValue, allowed, p.text(s, field + ".description", "description", false)));
        });
        return out;
    }

    private static AuthSpec auth(JsonNode node, Problems p, Templates t) {
        if (node == null || node.isNull()) {
            p.add("auth", "is required (type: none | bearer | basic | header | query | oauth2)");
            return AuthSpec.NONE;
        }
        if (!node.isObject()) {
            p.add("auth", "must be a mapping with a type");
            return AuthSpec.NONE;
        }
        String typeText = p.text(node, "auth.type", "type", true);
        if (typeText == null) {
            return AuthSpec.NONE;
        }
        AuthSpec.Type type;
        try {
            type = AuthSpec.Type.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            p.add("auth.type", "'" + typeText + "' is not an authentication type; expected none, bearer, basic, header, query or oauth2");
            return AuthSpec.NONE;
        }
        p.unknown(node, "auth.", AUTH.get(type));
        return switch (type) {
            case NONE -> AuthSpec.NONE;
            case BEARER -> new AuthSpec(type, t.required(node, "auth", "token"), null, null, null, null, null, null, null, null, null, null, null, null);
            case BASIC -> new AuthSpec(type, null, t.required(node, "auth", "username"), t.required(node, "auth", "password"), null, null,
                    null, null, null, null, null, null, null, null);
            case HEADER, QUERY -> new AuthSpec(type, null, null, null, p.text(node, "auth.name", "name", true), t.required(node, "auth", "value"),
                    null, null, null, null, null, null, null, null);
            case OAUTH2 -> oauth2(node, p, t);
        };
    }

    private static AuthSpec oauth2(JsonNode node, Problems p, Templates t) {
        String grantText = p.text(node, "auth.grant", "grant", true);
        AuthSpec.Grant grant = null;
        if (grantText != null) {
            try {
                grant = AuthSpec.Grant.valueOf(grantText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                p.add("auth.grant", "'" + grantText + "' is not a supported grant; expected client_credentials or refresh_token");
            }
        }
        AuthSpec.ClientAuth clientAuth = AuthSpec.ClientAuth.BODY;
        String clientAuthText = p.text(node, "auth.client-auth", "client-auth", false);
        if (clientAuthText != null) {
            try {
                clientAuth = AuthSpec.ClientAuth.valueOf(clientAuthText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                p.add("auth.client-auth", "'" + clientAuthText + "' is not body or basic");
            }
        }
        Template refresh = grant == AuthSpec.Grant.REFRESH_TOKEN ? t.required(node, "auth", "refresh-token") : t.optional(node, "auth", "refresh-token");
        if (grant == AuthSpec.Grant.CLIENT_CREDENTIALS && refresh != null) {
            p.add("auth.refresh-token", "is for the refresh_token grant only");
        }
        String scheme = p.text(node, "auth.scheme", "scheme", false);
        if (scheme != null && !SCHEME.matcher(scheme).matches()) {
            p.add("auth.scheme", "'" + scheme + "' is not an HTTP authentication scheme (one word such as Bearer or Zoho-oauthtoken, no spaces)");
        }
        return new AuthSpec(AuthSpec.Type.OAUTH2, null, null, null, null, null, grant, t.required(node, "auth", "token-url"),
                t.required(node, "auth", "client-id"), t.required(node, "auth", "client-secret"), refresh, t.optional(node, "auth", "scope"),
                clientAuth, scheme == null ? AuthSpec.DEFAULT_SCHEME : scheme);
    }

    private static Map<ActionKind, ActionSpec> actions(JsonNode node, Problems p, Templates t) {
        Map<ActionKind, ActionSpec> out = new EnumMap<>(ActionKind.class);
        if (node == null || node.isNull() || (node.isObject() && node.isEmpty())) {
            p.add("actions", "defines no action, so no strategy is possible: define at least one of create, update, upsert, delete, send");
            return out;
        }
        if (!node.isObject()) {
            p.add("actions", "must be a mapping of actions (create, update, upsert, delete, send) to requests");
            return out;
        }
        node.properties().forEach(e -> {
            String field = "actions." + e.getKey();
            ActionKind kind = ActionKind.parse(e.getKey()).orElse(null);
            if (kind == null) {
                p.add(field, "'" + e.getKey() + "' is not an action; expected create, update, upsert, delete or send");
                return;
            }
            ActionSpec action = action(kind, field, e.getValue(), p, t);
            if (action != null) {
                out.put(kind, action);
            }
        });
        return out;
    }

    private static ActionSpec action(ActionKind kind, String field, JsonNode a, Problems p, Templates t) {
        if (a == null || !a.isObject()) {
            p.add(field, "must be a mapping with method and path");
            return null;
        }
        p.unknown(a, field + ".", ACTION);
        String method = method(a, field, p);
        ActionSpec.ContentType contentType = ActionSpec.ContentType.JSON;
        String ct = p.text(a, field + ".content-type", "content-type", false);
        if (ct != null) {
            try {
                contentType = ActionSpec.ContentType.valueOf(ct.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                p.add(field + ".content-type", "'" + ct + "' is not json or form");
            }
        }
        JsonNode batchNode = a.get("batch");
        boolean batchMode = batchNode != null && !batchNode.isNull();
        // a batch request carries several records: its path and query cannot be of one record
        Template path = batchMode ? t.settingsOnly(field + ".path", p.text(a, field + ".path", "path", true))
                : t.record(field + ".path", p.text(a, field + ".path", "path", true));
        Map<String, Template> query = batchMode ? t.settingsOnlyMap(field + ".query", a.get("query")) : t.recordMap(field + ".query", a.get("query"));
        Map<String, Template> headers = t.settingsOnlyMap(field + ".headers", a.get("headers"));
        Template body = null;
        String bodyText = p.text(a, field + ".body", "body", false);
        if (bodyText != null) {
            body = batchMode ? null : t.record(field + ".body", bodyText);
            if (batchMode) {
                p.add(field + ".body", "a batch action's body is batch.body (a template of the whole batch, variable records)");
            }
        }
        ActionSpec.Batch batch = batchMode ? batch(field + ".batch", batchNode, p, t) : null;
        ResponseSpec response = response(field + ".response", a.get("response"), batchMode, p);
        if (path == null) {
            return null;
        }
        return new ActionSpec(kind, method, path, query, headers, contentType, body, batch, response);
    }

    private static String method(JsonNode node, String field, Problems p) {
        String method = p.text(node, field + ".method", "method", true);
        if (method != null && !METHODS.contains(method)) {
            p.add(field + ".method", "'" + method + "' is not a method; expected one of GET, POST, PUT, PATCH, DELETE (upper case)");
        }
        return method;
    }

    private static ActionSpec.Batch batch(String field, JsonNode node, Problems p, Templates t) {
        if (!node.isObject()) {
            p.add(field, "must be a mapping with max and body");
            return null;
        }
        p.unknown(node, field + ".", BATCH);
        JsonNode max = node.get("max");
        int largest = 0;
        if (max == null || !max.canConvertToInt() || !max.isIntegralNumber() || max.intValue() < 1) {
            p.add(field + ".max", max == null ? "is required: the app's largest batch" : "'" + max.asText() + "' is not a whole number of at least 1");
        } else {
            largest = max.intValue();
        }
        String body = p.text(node, field + ".body", "body", false);
        if (body == null) {
            p.add(field + ".body", "is required: a template of the whole request body, with the batch's records in the variable records");
            return null;
        }
        Template compiled = t.batch(field + ".body", body);
        return compiled == null ? null : new ActionSpec.Batch(largest, compiled);
    }

    private static ResponseSpec response(String field, JsonNode node, boolean batch, Problems p) {
        if (node == null || node.isNull()) {
            return new ResponseSpec(Set.of(), null, null, null, null, ResponseSpec.Match.POSITION, null, null, null, Set.of(),
                    ResponseSpec.DEFAULT_BATCH_REJECTED, ResponseSpec.DEFAULT_RETRYABLE, null, null);
        }
        if (!node.isObject()) {
            p.add(field, "must be a mapping");
            return null;
        }
        p.unknown(node, field + ".", RESPONSE);
        Set<Integer> success = p.statuses(node, field, "success", Set.of());
        ResponseSpec.Condition when = condition(node.get("success-when"), field + ".success-when", true, p);
        ResponseSpec.ErrorWhen errorWhen = null;
        JsonNode ew = node.get("error-when");
        if (ew != null && !ew.isNull()) {
            String f = field + ".error-when";
            if (!ew.isObject()) {
                p.add(f, "must be a mapping {pointer, equals, message}");
            } else {
                p.unknown(ew, f + ".", Set.of("pointer", "equals", "message"));
                errorWhen = new ResponseSpec.ErrorWhen(p.pointer(ew, f, "pointer", true), p.text(ew, f + ".equals", "equals", true),
                        p.pointer(ew, f, "message", false));
            }
        }
        JsonPointer appId = p.pointer(node, field, "app-identifier", false);
        JsonPointer results = p.pointer(node, field, "results", false);
        ResponseSpec.Match match = ResponseSpec.Match.POSITION;
        String matchText = p.text(node, field + ".match", "match", false);
        if (matchText != null) {
            try {
                match = ResponseSpec.Match.valueOf(matchText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                p.add(field + ".match", "'" + matchText + "' is not position or key");
            }
        }
        ResponseSpec.Key key = key(node.get("key"), field + ".key", p);
        if (match == ResponseSpec.Match.KEY && key == null) {
            p.add(field + ".key", "is required with match: key ({result: <pointer in a result>, record: <field of the record>})");
        }
        JsonPointer error = p.pointer(node, field, "error", false);
        ResponseSpec.Errors errors = null;
        JsonNode e = node.get("errors");
        if (e != null && !e.isNull()) {
            p.unknown(e, field + ".errors.", Set.of("at", "index", "key", "message"));
            JsonPointer at = p.pointer(e, field + ".errors", "at", true);
            JsonPointer index = p.pointer(e, field + ".errors", "index", false);
            ResponseSpec.Key errorKey = key(e.get("key"), field + ".errors.key", p);
            if (index == null && errorKey == null) {
                p.add(field + ".errors", "needs index (a pointer to the record's position) or key (to match the record) to tell whose error it is");
            }
            errors = new ResponseSpec.Errors(at, index, errorKey, p.pointer(e, field + ".errors", "message", false));
        }
        Set<Integer> partial = p.statuses(node, field, "partial", Set.of());
        if (!partial.isEmpty() && errors == null && node.has("partial")) {
            p.add(field + ".partial", "needs errors: a partial answer is read through its array of per-record errors");
        }
        if (!batch) {
            for (String batchOnly : List.of("results", "match", "key", "errors", "partial")) {
                if (node.has(batchOnly)) {
                    p.add(field + "." + batchOnly, "is for batch actions only (this action sends one record per request)");
                }
            }
        }
        return new ResponseSpec(success, when, errorWhen, appId, results, match, key, error, errors, partial,
                p.statuses(node, field, "batch-rejected", ResponseSpec.DEFAULT_BATCH_REJECTED),
                p.statuses(node, field, "retryable", ResponseSpec.DEFAULT_RETRYABLE),
                valueIn(node.get("unavailable-when"), field + ".unavailable-when", p), valueIn(node.get("retryable-when"), field + ".retryable-when", p));
    }

    /** A {@code success-when}: {pointer, equals} and, in a response, what a failed one means ({@code otherwise}). */
    private static ResponseSpec.Condition condition(JsonNode node, String field, boolean otherwise, Problems p) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            p.add(field, "must be a mapping {pointer, equals" + (otherwise ? ", otherwise}" : "}"));
            return null;
        }
        p.unknown(node, field + ".", otherwise ? Set.of("pointer", "equals", "otherwise") : Set.of("pointer", "equals"));
        JsonPointer pointer = p.pointer(node, field, "pointer", true);
        String equals = p.text(node, field + ".equals", "equals", true);
        ResponseSpec.Otherwise meaning = ResponseSpec.Otherwise.TRANSIENT;
        String text = otherwise ? p.text(node, field + ".otherwise", "otherwise", false) : null;
        if (text != null) {
            try {
                meaning = ResponseSpec.Otherwise.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                p.add(field + ".otherwise", "'" + text + "' is not transient, rejected or batch-rejected");
            }
        }
        return new ResponseSpec.Condition(pointer, equals, meaning);
    }

    /** An {@code unavailable-when} or {@code retryable-when}: {pointer, in: [values]}. */
    private static ResponseSpec.ValueIn valueIn(JsonNode node, String field, Problems p) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            p.add(field, "must be a mapping {pointer, in: [values]}");
            return null;
        }
        p.unknown(node, field + ".", Set.of("pointer", "in"));
        JsonPointer pointer = p.pointer(node, field, "pointer", true);
        List<String> in = p.texts(node, field + ".in", "in");
        if (in.isEmpty() && !p.has(field + ".in")) {
            p.add(field + ".in", "is required: the values (at least one) that the answer holds at pointer");
        }
        return pointer == null || in.isEmpty() ? null : new ResponseSpec.ValueIn(pointer, new LinkedHashSet<>(in));
    }

    private static ResponseSpec.Key key(JsonNode node, String field, Problems p) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            p.add(field, "must be a mapping {result: <pointer>, record: <field>}");
            return null;
        }
        p.unknown(node, field + ".", Set.of("result", "record"));
        JsonPointer result = p.pointer(node, field, "result", true);
        String record = p.text(node, field + ".record", "record", true);
        return result == null || record == null ? null : new ResponseSpec.Key(result, record);
    }

    private static List<RateLimitOverride> rateLimits(JsonNode node, Problems p) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isObject()) {
            p.add("rate-limits", "must be a mapping of category names to {rates, methods, url, order}");
            return List.of();
        }
        Map<String, String> flat = new TreeMap<>();
        node.properties().forEach(e -> {
            if (!e.getValue().isObject()) {
                p.add("rate-limits." + e.getKey(), "must be a mapping {rates, methods, url, order}");
                return;
            }
            e.getValue().properties().forEach(a -> flat.put(e.getKey() + "." + a.getKey(), a.getValue().asText()));
        });
        try {
            return RateLimitProperties.parse("rate-limits", flat, (key, reason) -> new IllegalArgumentException(key + "\u0000" + reason));
        } catch (IllegalArgumentException e) {
            String[] parts = String.valueOf(e.getMessage()).split("\u0000", 2);
            p.add(parts[0], parts.length > 1 ? parts[1] : parts[0]);
            return List.of();
        }
    }

    private static List<WaitSpec> waits(JsonNode node, Problems p) {
        List<WaitSpec> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            p.add("wait", "must be a list of {header: <name>} or {body: <pointer>}, each with an optional format");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            String field = "wait[" + i + "]";
            JsonNode w = node.get(i);
            if (!w.isObject()) {
                p.add(field, "must be a mapping {header: <name>} or {body: <pointer>}");
                continue;
            }
            p.unknown(w, field + ".", Set.of("header", "body", "format"));
            String header = p.text(w, field + ".header", "header", false);
            JsonPointer body = p.pointer(w, field, "body", false);
            if ((header == null) == (body == null)) {
                p.add(field, "needs exactly one of header or body");
                continue;
            }
            WaitSpec.Format format = header != null && header.equalsIgnoreCase("Retry-After") ? WaitSpec.Format.RETRY_AFTER : WaitSpec.Format.SECONDS;
            String f = p.text(w, field + ".format", "format", false);
            if (f != null) {
                try {
                    format = WaitSpec.Format.valueOf(f.toUpperCase(Locale.ROOT).replace('-', '_'));
                } catch (IllegalArgumentException e) {
                    p.add(field + ".format", "'" + f + "' is not one of seconds, millis, epoch-seconds, epoch-millis, http-date, iso, retry-after");
                }
            }
            out.add(new WaitSpec(header, body, format));
        }
        return out;
    }

    private static CheckSpec check(JsonNode node, Problems p, Templates t) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            p.add("check", "must be a mapping with method and path");
            return null;
        }
        p.unknown(node, "check.", CHECK);
        String method = method(node, "check", p);
        Template path = t.settingsOnly("check.path", p.text(node, "check.path", "path", true));
        Map<String, Template> query = t.settingsOnlyMap("check.query", node.get("query"));
        Set<Integer> success = p.statuses(node, "check", "success", Set.of());
        ResponseSpec.Condition when = condition(node.get("success-when"), "check.success-when", false, p);
        return path == null ? null : new CheckSpec(method, path, query, success, when);
    }

    /** Compiles templates and checks what they read: declared settings only, and record variables only where a record is. */
    private static final class Templates {
        private final TemplateRenderer renderer;
        private final Problems p;
        private final Set<String> declared;

        Templates(TemplateRenderer renderer, Problems p, Set<String> declared) {
            this.renderer = renderer;
            this.p = p;
            this.declared = declared;
        }

        /** A template that sees only {@code settings} and {@code object}. */
        Template settingsOnly(String field, String text) {
            Template t = compile(field, text);
            if (t != null) {
                for (String variable : RECORD_VARIABLES) {
                    if (t.mentions(variable)) {
                        p.add(field, "uses '" + variable + "', but this template sees only settings and object");
                        break;
                    }
                }
            }
            return t;
        }

        /** A template of one record: {@code settings}, {@code object}, {@code record}, {@code previous}, {@code identifier}, {@code app_identifier}, {@code action}. */
        Template record(String field, String text) {
            Template t = compile(field, text);
            if (t != null && t.mentions("records")) {
                p.add(field, "uses 'records', which only a batch body sees; a record template sees record");
            }
            return t;
        }

        /** A batch body: {@code settings}, {@code object} and {@code records}. */
        Template batch(String field, String text) {
            return compile(field, text);
        }

        Template required(JsonNode node, String parent, String name) {
            String text = p.text(node, parent + "." + name, name, true);
            return text == null ? null : settingsOnly(parent + "." + name, text);
        }

        Template optional(JsonNode node, String parent, String name) {
            String text = p.text(node, parent + "." + name, name, false);
            return text == null ? null : settingsOnly(parent + "." + name, text);
        }

        Map<String, Template> settingsOnlyMap(String field, JsonNode node) {
            return map(field, node, true);
        }

        Map<String, Template> recordMap(String field, JsonNode node) {
            return map(field, node, false);
        }

        private Map<String, Template> map(String field, JsonNode node, boolean settingsOnly) {
            Map<String, Template> out = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return out;
            }
            if (!node.isObject()) {
                p.add(field, "must be a mapping of names to texts");
                return out;
            }
            node.properties().forEach(e -> {
                String f = field + "." + e.getKey();
                if (!e.getValue().isValueNode()) {
                    p.add(f, "must be a text");
                    return;
                }
                Template t = settingsOnly ? settingsOnly(f, e.getValue().asText()) : record(f, e.getValue().asText());
                if (t != null) {
                    out.put(e.getKey(), t);
                }
            });
            return out;
        }

        private Template compile(String field, String text) {
            if (text == null) {
                return null;
            }
            Template t;
            try {
                t = Template.of(renderer, field, text);
            } catch (TemplateException e) {
                p.add(field, "is not a valid Jinja template: " + e.getMessage());
                return null;
            }
            if (!t.isConstant()) {
                checkSettings(field, text);
                checkNoFileTags(field, text);
            }
            return t;
        }

        /**
         * No tag that loads another template: a definition is data, and such a tag would read a file of the machine (the
         * renderer refuses them at render time too; here the file is rejected when it loads, naming the tag).
         */
        private void checkNoFileTags(String field, String text) {
            Matcher m = FILE_TAG.matcher(text);
            if (m.find()) {
                p.add(field, "uses the Jinja tag '" + m.group(1) + "', which reads another file; a definition reads no file");
            }
        }

        /** Every {@code settings.x} or {@code settings['x']} names a declared setting; settings is read by name only. */
        private void checkSettings(String field, String text) {
            Matcher m = SETTING_BY_NAME.matcher(text);
            int named = 0;
            while (m.find()) {
                named++;
                String name = m.group(1) != null ? m.group(1) : m.group(3);
                if (!declared.contains(name)) {
                    p.add(field, "uses setting '" + name + "', which the definition does not declare under settings"
                            + (declared.isEmpty() ? "" : " (declared: " + String.join(", ", declared) + ")"));
                }
            }
            Matcher all = SETTINGS_WORD.matcher(text);
            int mentions = 0;
            while (all.find()) {
                mentions++;
            }
            if (mentions > named) {
                p.add(field, "reads settings other than by name (settings.<name> or settings['<name>']); a definition reads only the settings it declares");
            }
        }
    }


    /** The problems of one file, with helpers that read a field and report what is wrong with it. */
    static final class Problems {
        final String file;
        final List<DefinitionProblem> problems = new ArrayList<>();
        private final Set<String> seen = new LinkedHashSet<>();

        Problems(String file) {
            this.file = file;
        }

        void add(String field, String reason) {
            seen.add(field);
            problems.add(new DefinitionProblem(file, field, reason));
        }

        boolean has(String field) {
            return seen.contains(field);
        }

        DefinitionException exception() {
            return new DefinitionException(problems);
        }

        void unknown(JsonNode node, String prefix, Set<String> known) {
            node.fieldNames().forEachRemaining(name -> {
                if (!known.contains(name)) {
                    add(prefix + name, "is not a known field; expected one of " + new java.util.TreeSet<>(known));
                }
            });
        }

        String text(JsonNode node, String name, boolean required) {
            return text(node, name, name, required);
        }

        String text(JsonNode node, String field, String name, boolean required) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                if (required) {
                    add(field, "is required");
                }
                return null;
            }
            if (!v.isValueNode()) {
                add(field, "must be a text, not a " + (v.isArray() ? "list" : "mapping"));
                return null;
            }
            return v.asText();
        }

        List<String> texts(JsonNode node, String name) {
            return texts(node, name, name);
        }

        List<String> texts(JsonNode node, String field, String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (!v.isArray()) {
                add(field, "must be a list");
                return List.of();
            }
            List<String> out = new ArrayList<>();
            v.forEach(e -> {
                if (e.isValueNode()) {
                    out.add(e.asText());
                } else {
                    add(field, "must be a list of texts");
                }
            });
            return out;
        }

        boolean bool(JsonNode node, String field, String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return false;
            }
            if (!v.isBoolean()) {
                add(field, "'" + v.asText() + "' is not true or false");
                return false;
            }
            return v.booleanValue();
        }

        JsonPointer pointer(JsonNode node, String parent, String name, boolean required) {
            String field = parent + "." + name;
            String text = text(node, field, name, required);
            if (text == null) {
                return null;
            }
            try {
                return JsonPointer.compile(text);
            } catch (IllegalArgumentException e) {
                add(field, "'" + text + "' is not a JSON pointer (RFC 6901: '' or '/a/0/b', starting with '/')");
                return null;
            }
        }

        Set<Integer> statuses(JsonNode node, String parent, String name, Set<Integer> fallback) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return fallback;
            }
            String field = parent + "." + name;
            if (!v.isArray()) {
                add(field, "must be a list of HTTP statuses, e.g. [200, 201]");
                return fallback;
            }
            Set<Integer> out = new LinkedHashSet<>();
            v.forEach(s -> {
                if (s.isIntegralNumber() && s.intValue() >= 100 && s.intValue() <= 599) {
                    out.add(s.intValue());
                } else {
                    add(field, "'" + s.asText() + "' is not an HTTP status (100 to 599)");
                }
            });
            return out;
        }
    }
}
