package io.sluice.apps.runtime;

import io.sluice.apps.model.ActionKind;
import io.sluice.apps.model.AppDefinition;
import io.sluice.apps.model.CheckSpec;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppUnavailableException;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.RetryableException;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.SyncTarget;
import io.sluice.plugin.support.AppHttpClient;
import io.sluice.plugin.support.HttpAnswer;
import io.sluice.plugin.support.ResponseJson;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One connection of an app definition. A batch's records go to the definition action that carries their engine action
 * ({@link ActionKind#forAction}); the records of a record-mode action are each their own request, all sent at once (the
 * engine bounds batches and concurrency), and each answer is that record's outcome; the records of a batch action go
 * in requests of at most its {@code batch.max}, whose transient failure (after the client's retries) makes that request's
 * records {@code TRANSIENT} and whose whole refusal fails the {@link Uni} with a {@link io.sluice.plugin.BatchRejectedException}. A 401 or
 * 403 (after one OAuth token renewal) fails with {@link AppUnavailableException}: the credentials are wrong for every
 * record. Rate limits, retries honouring the wait the app names, the circuit breaker and secret masking come from
 * {@link AppHttpClient}.
 */
final class DefinitionConnection implements AppConnection {
    private final String name;
    private final AppDefinition definition;
    private final String baseUrl;
    private final Map<String, String> authQuery;
    private final Map<ActionKind, RequestFactory> requests = new EnumMap<>(ActionKind.class);
    private final Map<ActionKind, AnswerReader> answers = new EnumMap<>(ActionKind.class);
    private final AppHttpClient http;
    private final OAuth2Tokens tokens;
    private final int batchSize;
    private final Map<String, Object> settings;
    /** The actions whose request needs the record's app identifier, worked out once (validate runs per record). */
    private final java.util.Set<ActionKind> needAppIdentifier = java.util.EnumSet.noneOf(ActionKind.class);

    DefinitionConnection(String name, AppDefinition definition, String baseUrl, ConnectionSettings settings, StaticAuth auth,
                         AppHttpClient http, OAuth2Tokens tokens, int batchSize) {
        this.name = name;
        this.definition = definition;
        this.baseUrl = baseUrl;
        this.authQuery = auth.query();
        this.http = http;
        this.tokens = tokens;
        this.batchSize = batchSize;
        this.settings = settings.values();
        definition.actions().forEach((kind, action) -> {
            requests.put(kind, new RequestFactory(action, baseUrl, settings.values(), auth.query()));
            answers.put(kind, new AnswerReader(name, kind.id(), action.response()));
            if (action.usesAppIdentifier()) {
                needAppIdentifier.add(kind);
            }
        });
    }

    @Override
    public int maxBatchSize() {
        return batchSize;
    }

    @Override
    public List<String> validate(SyncTarget target, OutboundRecord record) {
        List<String> problems = new ArrayList<>(0);
        if (!definition.objects().isEmpty() && !definition.objects().contains(target.object())) {
            problems.add("app '" + definition.app() + "' has no object '" + target.object() + "'; its objects: " + String.join(", ", definition.objects()));
        }
        Optional<ActionKind> kind = ActionKind.forAction(record.action(), definition.actions().keySet());
        if (kind.isEmpty()) {
            problems.add("app '" + definition.app() + "' defines no action for " + record.action().name().toLowerCase(java.util.Locale.ROOT));
        } else if (needAppIdentifier.contains(kind.get()) && (record.appIdentifier() == null || record.appIdentifier().isBlank())) {
            problems.add("action " + kind.get().id() + " of app '" + definition.app() + "' needs the app identifier; the record has none");
        }
        return problems;
    }

    @Override
    public Uni<List<RecordOutcome>> send(SendBatch batch) {
        if (batch.records().isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        if (batch.records().size() == 1) {
            // the common case of one request per record: no grouping
            OutboundRecord only = batch.records().get(0);
            Optional<ActionKind> kind = ActionKind.forAction(only.action(), definition.actions().keySet());
            RequestFactory factory = kind.map(requests::get).orElse(null);
            if (factory != null && factory.action().batch() == null) {
                return Uni.createFrom().deferred(() -> sendOne(batch.target(), factory, only, batch.deadline())).map(List::of);
            }
        }
        Map<ActionKind, List<OutboundRecord>> groups = new LinkedHashMap<>();
        List<RecordOutcome> unsupported = new ArrayList<>();
        for (OutboundRecord r : batch.records()) {
            Optional<ActionKind> kind = ActionKind.forAction(r.action(), definition.actions().keySet());
            if (kind.isPresent()) {
                groups.computeIfAbsent(kind.get(), k -> new ArrayList<>()).add(r);
            } else {
                unsupported.add(RecordOutcome.rejected(r.identifier(), "app '" + definition.app() + "' defines no action for "
                        + r.action().name().toLowerCase(java.util.Locale.ROOT)));
            }
        }
        List<Uni<List<RecordOutcome>>> calls = new ArrayList<>();
        groups.forEach((kind, records) -> {
            RequestFactory factory = requests.get(kind);
            if (factory.action().batch() == null) {
                records.forEach(r -> calls.add(Uni.createFrom().deferred(() -> sendOne(batch.target(), factory, r, batch.deadline())).map(List::of)));
            } else {
                int max = factory.action().batch().max();
                for (int from = 0; from < records.size(); from += max) {
                    List<OutboundRecord> chunk = records.subList(from, Math.min(records.size(), from + max));
                    calls.add(Uni.createFrom().deferred(() -> sendBatch(batch.target(), factory, chunk, batch.deadline())));
                }
            }
        });
        if (!unsupported.isEmpty()) {
            calls.add(Uni.createFrom().item(unsupported));
        }
        return all(calls);
    }

    private Uni<RecordOutcome> sendOne(SyncTarget target, RequestFactory factory, OutboundRecord record, Instant deadline) {
        AppRequest request;
        try {
            request = factory.forRecord(target, record);
        } catch (InvalidRecordException e) {
            return Uni.createFrom().item(RecordOutcome.rejected(record.identifier(), e.getMessage()));
        }
        AnswerReader reader = answers.get(factory.action().kind());
        return exchange(request, deadline)
                .map(answer -> reader.forRecord(record, answer))
                .onFailure(RetryableException.class).recoverWithItem(e -> transientFailure(record, e));
    }

    private Uni<List<RecordOutcome>> sendBatch(SyncTarget target, RequestFactory factory, List<OutboundRecord> records, Instant deadline) {
        AppRequest request;
        try {
            request = factory.forBatch(target, records);
        } catch (InvalidRecordException e) {
            // the batch body could not be rendered; alone, each record shows whether it is the cause
            if (records.size() > 1) {
                throw new io.sluice.plugin.BatchRejectedException("connection '" + name + "': " + e.getMessage());
            }
            return Uni.createFrom().item(List.of(RecordOutcome.rejected(records.get(0).identifier(), e.getMessage())));
        }
        AnswerReader reader = answers.get(factory.action().kind());
        // a transient failure concerns this request's records only, not those of the send's other requests
        return exchange(request, deadline).map(answer -> reader.forBatch(records, answer))
                .onFailure(RetryableException.class).recoverWithItem(e -> records.stream().map(r -> transientFailure(r, e)).toList());
    }

    private static RecordOutcome transientFailure(OutboundRecord record, Throwable failure) {
        return RecordOutcome.transientFailure(record.identifier(), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("error", failure.getMessage()).put("retryable", true));
    }

    /** One request with the connection's credentials; an OAuth token the app refuses is renewed once and the request repeated. */
    private Uni<HttpAnswer> exchange(AppRequest request, Instant deadline) {
        if (tokens == null) {
            return http.exchange(request.method(), request.url(), request.headers(), request.body(), deadline).map(this::authorized);
        }
        return withToken(request, deadline).chain(first -> first.answer().status() == 401
                ? Uni.createFrom().item(() -> {
                    tokens.renew(first.token());
                    return first;
                }).chain(() -> withToken(request, deadline)).map(Attempt::answer)
                : Uni.createFrom().item(first.answer())).map(this::authorized);
    }

    private record Attempt(String token, HttpAnswer answer) {
    }

    private Uni<Attempt> withToken(AppRequest request, Instant deadline) {
        return tokens.token(deadline).chain(token -> {
            Map<String, String> headers = new HashMap<>(request.headers());
            headers.put("Authorization", definition.auth().scheme() + " " + token);
            return http.exchange(request.method(), request.url(), headers, request.body(), deadline).map(answer -> new Attempt(token, answer));
        });
    }

    /** The answer, unless it refuses the credentials: then no record of this connection can get through. */
    private HttpAnswer authorized(HttpAnswer answer) {
        if (answer.status() == 401 || answer.status() == 403) {
            throw new AppUnavailableException("connection '" + name + "' (app '" + definition.app() + "'): the app refuses the credentials: "
                    + answer.describe() + ResponseJson.snippet(answer.body()), null);
        }
        return answer;
    }

    @Override
    public Uni<Void> check() {
        CheckSpec check = definition.check();
        if (check == null) {
            return Uni.createFrom().voidItem();
        }
        Map<String, Object> bindings = Bindings.of(settings, null);
        Map<String, String> query = new LinkedHashMap<>();
        check.query().forEach((k, t) -> query.put(k, t.render(bindings)));
        query.putAll(authQuery);
        String url = RequestFactory.url(baseUrl, check.path().render(bindings).trim(), query);
        return Uni.createFrom().deferred(() -> exchange(new AppRequest(check.method(), url, Map.of(), null), Instant.MAX)).map(answer -> {
            boolean ok = check.success().isEmpty() ? answer.isSuccess() : check.success().contains(answer.status());
            if (ok && check.successWhen() != null) {
                // the app may refuse the credentials with a 2xx (Slack's {"ok": false, "error": "invalid_auth"})
                Optional<String> unmet = BodyValues.unmet(check.successWhen(), answer.status(), ResponseJson.container(answer.body()).orElse(null));
                if (unmet.isPresent()) {
                    throw new IllegalStateException("connection '" + name + "': check " + answer.describe() + ", but "
                            + unmet.get() + ResponseJson.snippet(answer.body()));
                }
            }
            if (ok) {
                return null;
            }
            if (answer.isTransient()) {
                throw new RetryableException("connection '" + name + "': check " + answer.describe());
            }
            throw new IllegalStateException("connection '" + name + "': check " + answer.describe() + ResponseJson.snippet(answer.body()));
        });
    }

    /** Subscribes to every call at once and gathers their outcomes. */
    @SuppressWarnings("unchecked")
    private static Uni<List<RecordOutcome>> all(List<Uni<List<RecordOutcome>>> calls) {
        if (calls.size() == 1) {
            return calls.get(0);
        }
        return Uni.combine().all().unis(calls).with(results -> {
            List<RecordOutcome> out = new ArrayList<>();
            results.forEach(r -> out.addAll((List<RecordOutcome>) r));
            return out;
        });
    }

    @Override
    public void close() {
        http.close();
    }
}
