package io.sluice.plugins.hubspot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.SyncTarget;
import io.sluice.plugin.support.AppHttpClient;
import io.sluice.plugin.support.HttpAnswer;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HubSpot account (portal), written through the CRM v3 batch endpoints. A batch is split by endpoint
 * ({@link Operation}: archive, update, upsert, create, in that order) and each group is one request of at most
 * {@value #MAX_INPUTS} inputs, sent one after the other. A record that cannot be routed fails alone without a
 * call. Rate limits, retries with backoff and the circuit breaker come from {@link AppHttpClient}; answers become
 * outcomes in {@link ResponseMapper}; answers to retry later become failures in {@link Throttling}, except the
 * daily limit, which pauses the connection at once ({@link DailyLimit}). A failure of
 * one group fails the returned {@link Uni} (the engine then fails, splits or delays the whole batch); because
 * creates go last, whatever it sends again was only updated, upserted or archived before, never created.
 */
final class HubSpotConnection implements AppConnection {
    /** HubSpot's limit of inputs per CRM batch request; more is refused with a 400 for the whole batch. */
    static final int MAX_INPUTS = 100;
    private static final Comparator<Route.Key> GROUP_ORDER = Comparator.comparing(Route.Key::operation)
            .thenComparing(Route.Key::idProperty, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final HubSpotSettings settings;
    private final RecordRouter router;
    private final ResponseMapper mapper;
    private final Throttling throttling;
    private final ArchiveByProperty archiveByProperty;
    private final AppHttpClient http;

    HubSpotConnection(HubSpotSettings settings, AppHttpClient http, Throttling throttling) {
        this.settings = settings;
        this.http = http;
        this.throttling = throttling;
        this.router = new RecordRouter(settings);
        this.mapper = new ResponseMapper(settings.connection());
        this.archiveByProperty = new ArchiveByProperty(settings, mapper, this::post);
    }

    @Override
    public int maxBatchSize() {
        return MAX_INPUTS;
    }

    @Override
    public List<String> validate(SyncTarget target, OutboundRecord record) {
        return router.problems(target, record);
    }

    @Override
    public Uni<List<RecordOutcome>> send(SendBatch batch) {
        // deferred: each subscription plans and collects afresh
        return Uni.createFrom().deferred(() -> plan(batch));
    }

    private Uni<List<RecordOutcome>> plan(SendBatch batch) {
        if (batch.records().isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        TargetOptions.Parsed parsed = TargetOptions.parse(batch.target());
        List<RecordOutcome> outcomes = new ArrayList<>();
        if (!parsed.problems().isEmpty()) {
            batch.records().forEach(r -> outcomes.add(invalid(r, parsed.problems())));
            return Uni.createFrom().item(outcomes);
        }
        Map<Route.Key, List<Route>> groups = new TreeMap<>(GROUP_ORDER);
        for (OutboundRecord record : batch.records()) {
            RecordRouter.Routing routing = router.route(parsed.options(), batch.target().strategy(), record);
            if (routing.route() == null) {
                outcomes.add(invalid(record, routing.problems()));
            } else {
                groups.computeIfAbsent(routing.route().key(), k -> new ArrayList<>()).add(routing.route());
            }
        }
        Uni<List<RecordOutcome>> all = Uni.createFrom().item(outcomes);
        for (Map.Entry<Route.Key, List<Route>> group : groups.entrySet()) {
            List<Route> routes = group.getValue();
            for (int from = 0; from < routes.size(); from += MAX_INPUTS) {
                List<Route> chunk = routes.subList(from, Math.min(routes.size(), from + MAX_INPUTS));
                all = all.chain(done -> write(parsed.options().objectType(), group.getKey(), chunk, batch.deadline()).map(written -> {
                    done.addAll(written);
                    return done;
                }));
            }
        }
        return all;
    }

    private Uni<List<RecordOutcome>> write(String objectType, Route.Key key, List<Route> routes, Instant deadline) {
        if (key.operation() == Operation.ARCHIVE && key.idProperty() != null) {
            return archiveByProperty.archive(objectType, key.idProperty(), routes, deadline);
        }
        String url = settings.objectsUrl(objectType) + "/batch/" + key.operation().path;
        return post(url, RequestBuilder.body(key.operation(), routes), "a batch of " + routes.size() + (routes.size() == 1 ? " record" : " records"), deadline)
                .map(answer -> mapper.outcomes(key.operation(), routes, answer));
    }

    /** One POST; an answer to retry later (after the client's own retries) fails the {@link Uni}. */
    private Uni<HttpAnswer> post(String url, String body, String what, Instant deadline) {
        return Uni.createFrom().deferred(() -> http.exchange("POST", url, Map.of(), body, deadline)).map(answer -> {
            if (Throttling.isTransient(answer)) {
                throw throttling.failure(answer, what);
            }
            return answer;
        });
    }

    private static RecordOutcome invalid(OutboundRecord record, List<String> problems) {
        ObjectNode result = Json.NODES.objectNode().put("error", "not sent to HubSpot: " + problems.get(0));
        problems.forEach(result.putArray("problems")::add);
        return RecordOutcome.rejected(record.identifier(), result);
    }

    /**
     * Lists one object of {@code check-object} ({@code GET /crm/v3/objects/{type}?limit=1}): proves the token,
     * its scope for that object type, and that the API answers, for one request.
     */
    @Override
    public Uni<Void> check() {
        String url = settings.objectsUrl(settings.checkObject()) + "?limit=1";
        return Uni.createFrom().deferred(() -> http.exchange("GET", url, Map.of(), null, Instant.MAX)).map(answer -> {
            if (Throttling.isTransient(answer)) {
                throw throttling.failure(answer, "the connection check");
            }
            if (!answer.isSuccess()) {
                String hint = switch (answer.status()) {
                    case 401 -> " (is access-token the access token of a private app of this account?)";
                    case 403 -> " (does the private app have the read scope for " + settings.checkObject() + "? set check-object to a type it can read)";
                    default -> "";
                };
                throw new IllegalStateException("connection '" + settings.connection() + "': check " + answer.describe() + ": "
                        + Json.errorSummary(answer.body()) + hint);
            }
            return null;
        });
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "HubSpotConnection[" + settings.connection() + " -> " + settings.baseUrl() + "]";
    }
}
