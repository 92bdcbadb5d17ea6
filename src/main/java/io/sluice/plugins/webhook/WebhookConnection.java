package io.sluice.plugins.webhook;

import io.sluice.plugin.support.ResponseJson;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sluice.plugin.Action;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.RetryableException;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.SyncTarget;
import io.sluice.plugin.support.AppHttpClient;
import io.sluice.plugin.support.HttpAnswer;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One webhook endpoint. In {@code record} mode each record of a batch is its own request, all sent at once
 * (the engine bounds batches and concurrency), and each request's answer is that record's outcome: the
 * returned {@link Uni} never fails. In {@code batch} mode the records of a batch that share an action go in
 * one request whose body is a JSON array; a 429, 5xx or transport failure of that request (after the
 * client's retries) fails the {@link Uni} with a {@link RetryableException}, and a 4xx for a batch of several
 * records with a {@link io.sluice.plugin.BatchRejectedException}, so the engine splits it. Rate limits,
 * retries and the circuit breaker come from {@link AppHttpClient}.
 */
final class WebhookConnection implements AppConnection {
    private final WebhookSettings settings;
    private final RequestBuilder requests;
    private final ResponseMapper responses;
    private final AppHttpClient http;

    WebhookConnection(WebhookSettings settings, RequestBuilder requests, ResponseMapper responses, AppHttpClient http) {
        this.settings = settings;
        this.requests = requests;
        this.responses = responses;
        this.http = http;
    }

    @Override
    public int maxBatchSize() {
        return settings.batchSize();
    }

    @Override
    public List<String> validate(SyncTarget target, OutboundRecord record) {
        return requests.problems(record);
    }

    @Override
    public Uni<List<RecordOutcome>> send(SendBatch batch) {
        if (batch.records().isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return switch (settings.mode()) {
            // one record (the usual record-mode batch): no combining of one Uni
            case RECORD -> batch.records().size() == 1
                    ? Uni.createFrom().deferred(() -> sendOne(batch.target(), batch.records().get(0), batch.deadline())).map(List::of)
                    : all(batch.records(), r -> sendOne(batch.target(), r, batch.deadline()));
            case BATCH -> all(List.copyOf(byAction(batch.records()).entrySet()), e -> sendGroup(batch.target(), e.getKey(), e.getValue(), batch.deadline()))
                    .map(groups -> groups.stream().flatMap(List::stream).toList());
        };
    }

    private Uni<RecordOutcome> sendOne(SyncTarget target, OutboundRecord record, Instant deadline) {
        RequestBuilder.Request request;
        try {
            request = requests.forRecord(target, record);
        } catch (RequestBuilder.InvalidRecordException e) {
            return Uni.createFrom().item(ResponseMapper.invalid(record, e));
        }
        return Uni.createFrom().deferred(() -> exchange(request, deadline))
                .map(answer -> responses.forRecord(record, answer))
                .onFailure(RetryableException.class).recoverWithItem(e -> responses.transportFailure(record, (RetryableException) e))
                // a record's failure must not fail its neighbours' outcomes; only the run-level signals pass
                // (a rate-limit wait past the deadline, an app that is down)
                .onFailure(e -> !isRunLevel(e)).recoverWithItem(e -> RecordOutcome.rejected(record.identifier(), e.getClass().getSimpleName() + ": " + e.getMessage()));
    }

    /** One request for the records of a batch that share an action; records whose body cannot be built fail alone. */
    private Uni<List<RecordOutcome>> sendGroup(SyncTarget target, Action action, List<OutboundRecord> records, Instant deadline) {
        List<RecordOutcome> invalid = new ArrayList<>();
        List<OutboundRecord> sent = new ArrayList<>(records.size());
        ArrayNode body = Json.NODES.arrayNode();
        RequestBuilder.Request request;
        try {
            for (OutboundRecord record : records) {
                try {
                    body.add(requests.batchElement(target, record));
                    sent.add(record);
                } catch (RequestBuilder.InvalidRecordException e) {
                    invalid.add(ResponseMapper.invalid(record, e));
                }
            }
            request = requests.forBatch(target, action, body);
        } catch (RequestBuilder.InvalidRecordException e) {
            // the URL itself could not be rendered: no record of the group can be sent
            return Uni.createFrom().item(records.stream().map(r -> ResponseMapper.invalid(r, e)).toList());
        }
        if (sent.isEmpty()) {
            return Uni.createFrom().item(invalid);
        }
        return exchange(request, deadline).map(answer -> {
            List<RecordOutcome> outcomes = new ArrayList<>(responses.forBatch(sent, answer));
            outcomes.addAll(invalid);
            return outcomes;
        });
    }

    private Uni<HttpAnswer> exchange(RequestBuilder.Request request, Instant deadline) {
        return http.exchange(request.method().name(), request.url(), Map.of(), request.body() == null ? null : request.body().toString(), deadline);
    }

    private static boolean isRunLevel(Throwable e) {
        return e instanceof io.sluice.plugin.RateLimitDeadlineException || e instanceof io.sluice.plugin.AppUnavailableException;
    }

    private static Map<Action, List<OutboundRecord>> byAction(List<OutboundRecord> records) {
        Map<Action, List<OutboundRecord>> groups = new EnumMap<>(Action.class);
        records.forEach(r -> groups.computeIfAbsent(r.action(), a -> new ArrayList<>()).add(r));
        return groups;
    }

    /** Subscribes to every item's {@link Uni} at once and keeps the results in the items' order. */
    @SuppressWarnings("unchecked")
    private static <I, O> Uni<List<O>> all(List<I> items, Function<I, Uni<O>> send) {
        List<Uni<O>> unis = items.stream().map(i -> Uni.createFrom().deferred(() -> send.apply(i))).toList();
        return Uni.combine().all().unis(unis).with(results -> (List<O>) results);
    }

    @Override
    public Uni<Void> check() {
        return settings.checkUrl().map(this::check).orElseGet(() -> Uni.createFrom().voidItem());
    }

    private Uni<Void> check(String url) {
        return Uni.createFrom().deferred(() -> http.exchange("GET", url, Map.of(), null, Instant.MAX)).map(answer -> {
            if (answer.isTransient()) {
                throw new RetryableException("connection '" + settings.connection() + "': check " + answer.describe());
            }
            if (!answer.isSuccess()) {
                throw new IllegalStateException("connection '" + settings.connection() + "': check " + answer.describe()
                        + ResponseJson.snippet(answer.body()));
            }
            return null;
        });
    }

    @Override
    public void close() {
        http.close();
    }
}
