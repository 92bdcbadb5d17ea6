package io.sluice.apps.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import io.sluice.apps.fakes.FakeApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Slack workspace's Web API as documented for a bot: the token only in {@code Authorization: Bearer} (a JSON body
 * cannot carry it), HTTP 200 for every answer with {@code {"ok": true, ...}} or {@code {"ok": false, "error": "<code>"}}
 * (also for bad credentials: {@code not_authed}, {@code invalid_auth}), {@code POST /api/chat.postMessage} needing a
 * channel and text or blocks (its {@code ts} names the message), {@code missing_charset} warned when the JSON content
 * type has no charset, {@code POST /api/auth.test} for the check, and 429 with {@code Retry-After}.
 * A record is refused ({@code channel_not_found}) when its channel is a rejected identifier.
 */
public final class FakeSlack extends FakeApi {
    static final String TOKEN = "xoxb-1111-2222-c2x1Y2tGYWtlVG9rZW4";
    static final String CHANNEL = "C0SLUICE01";
    private static final String BASE = "/api";
    private static final int MAX_TEXT = 40_000;

    private final List<ObjectNode> messages = new ArrayList<>();
    private long ts = 1_767_225_600_000_100L;
    /** The error code the next chat.postMessage answers (HTTP 200, ok false), or null. */
    private String nextError;

    @Override
    public String baseUrl() {
        return super.baseUrl() + BASE;
    }

    @Override
    public Map<String, String> settings() {
        return Map.of("bot_token", TOKEN, "channel", CHANNEL);
    }

    @Override
    public List<String> secrets() {
        return List.of(TOKEN);
    }

    @Override
    public String object() {
        return "messages";
    }

    /** The messages posted, as stored (channel, text, blocks, thread_ts, ts). */
    public synchronized List<ObjectNode> messages() {
        return List.copyOf(messages);
    }

    /** The next chat.postMessage answers HTTP 200 {@code {"ok": false, "error": code}} (internal_error, token_revoked...), once. */
    public synchronized void failNext(String code) {
        nextError = code;
    }

    @Override
    protected synchronized void onReset() {
        messages.clear();
        nextError = null;
    }

    @Override
    protected boolean authorized(Seen request) {
        return ("Bearer " + TOKEN).equals(request.header("Authorization"));
    }

    /** Slack refuses credentials with a 200, like every other error. */
    @Override
    protected ResponseDefinitionBuilder unauthorized(Seen request) {
        return notOk(request.header("Authorization") == null ? "not_authed" : "invalid_auth");
    }

    @Override
    protected ResponseDefinitionBuilder throttled(int retryAfterSeconds) {
        return json(429, newObject().put("ok", false).put("error", "ratelimited")).withHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }

    @Override
    protected synchronized ResponseDefinition handle(Seen request) {
        String path = request.path();
        if (path.equals(BASE + "/auth.test")) {
            return ok(newObject().put("url", "https://acme.slack.com/").put("team", "Acme").put("user", "sluice").put("team_id", "T0SLUICE")
                    .put("user_id", "U0SLUICE").put("bot_id", "B0SLUICE"), request).build();
        }
        if (path.equals(BASE + "/chat.postMessage")) {
            return postMessage(request).build();
        }
        return notOk("unknown_method").build();
    }

    private ResponseDefinitionBuilder postMessage(Seen request) {
        sawBatch(1);
        if (nextError != null) {
            String code = nextError;
            nextError = null;
            return notOk(code);
        }
        if (!request.method().equals("POST")) {
            return notOk("invalid_request");
        }
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            return notOk("invalid_arguments");
        }
        JsonNode body = request.json();
        if (body == null || !body.isObject()) {
            return notOk("invalid_json");
        }
        String channel = body.path("channel").asText("");
        if (channel.isEmpty() || isRejected(body.get("channel"))) {
            return notOk("channel_not_found");
        }
        boolean hasText = !body.path("text").asText("").isEmpty();
        if (!hasText && !body.has("blocks")) {
            return notOk("no_text");
        }
        if (body.has("blocks") && !body.get("blocks").isArray()) {
            return notOk("invalid_blocks");
        }
        if (body.path("text").asText("").length() > MAX_TEXT) {
            return notOk("msg_too_long");
        }
        String messageTs = nextTs();
        ObjectNode message = ((ObjectNode) body).deepCopy().put("type", "message").put("bot_id", "B0SLUICE").put("ts", messageTs);
        messages.add(message);
        ObjectNode answer = newObject().put("channel", channel).put("ts", messageTs);
        answer.set("message", message);
        return ok(answer, request);
    }

    private String nextTs() {
        ts++;
        return ts / 1_000_000 + "." + String.format("%06d", ts % 1_000_000);
    }

    /** {"ok": true, ...}; Slack warns (without failing) when a JSON body's content type names no charset. */
    private static ResponseDefinitionBuilder ok(ObjectNode fields, Seen request) {
        ObjectNode body = newObject().put("ok", true);
        body.setAll(fields);
        String contentType = request.header("Content-Type");
        if (contentType != null && contentType.startsWith("application/json") && !contentType.contains("charset")) {
            body.put("warning", "missing_charset");
            body.putObject("response_metadata").putArray("warnings").add("missing_charset");
        }
        return json(200, body);
    }

    private static ResponseDefinitionBuilder notOk(String error) {
        return json(200, newObject().put("ok", false).put("error", error));
    }
}
