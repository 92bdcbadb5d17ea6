package io.sluice.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppUnavailableException;
import io.sluice.plugin.BatchRejectedException;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.SyncTarget;
import io.sluice.plugin.support.RateLimitDeadlineException;
import io.sluice.plugin.support.RetryClassifier;
import io.sluice.plugin.support.SyncRateLimits;
import io.sluice.state.ApplyReason;
import io.sluice.state.ApplyState;
import io.sluice.state.Outcome;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Turns one batch of staged records into outcomes: records that need no call (resolved, dropped, duplicate,
 * untransformable, invalid) are answered locally; the rest go to the plugin in one call, unless the run has
 * been stopped, in which case they are {@code DELAYED}. Every staged record gets exactly one outcome.
 */
final class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final AppConnection connection;
    private final SyncTarget target;
    private final SyncRateLimits rateLimits;
    private final RecordPreparer preparer;
    private final RunControl control;
    private final RunProgress progress;
    private final UnaryOperator<Uni<List<RecordOutcome>>> callContext;

    /** @param callContext wraps each plugin call, so its callbacks run in the run's logging context */
    Dispatcher(AppConnection connection, SyncTarget target, SyncRateLimits rateLimits, RecordPreparer preparer, RunControl control,
               RunProgress progress, UnaryOperator<Uni<List<RecordOutcome>>> callContext) {
        this.callContext = callContext;
        this.connection = connection;
        this.target = target;
        this.rateLimits = rateLimits;
        this.preparer = preparer;
        this.control = control;
        this.progress = progress;
    }

    Uni<List<Outcome>> process(List<StagedRecord> batch) {
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        List<OutboundRecord> toSend = new ArrayList<>();
        Map<String, StagedRecord> byId = new HashMap<>();
        // once the run is stopped, records to send are delayed as they are: nothing is prepared for a call never made
        String delayed = control.shouldStop() ? delayedResult() : null;
        for (StagedRecord r : batch) {
            switch (r.kind()) {
                case RESOLVE -> outcomes.add(local(r, ApplyState.NOT_REQUIRED, r.reason(),
                        message("resolved", "the source no longer calls for an action; nothing was sent")));
                case DROP -> outcomes.add(local(r, ApplyState.NOT_REQUIRED, r.reason(),
                        message("dropped", "left the source before it was ever applied; removed from record state")));
                case DUPLICATE -> outcomes.add(local(r, ApplyState.SOURCE_FAILURE, r.reason(),
                        message("error", "identifier '" + r.identifier() + "' appears " + r.dupCount()
                                + " times in the source; each identifier must be unique")));
                case NULL_ID -> throw new IllegalStateException("NULL identifiers are rejected before dispatch");
                case SEND -> {
                    if (delayed != null) {
                        outcomes.add(new Outcome(r.seq(), r.identifier(), r.action(), ApplyState.DELAYED, r.reason(), delayed, null, null));
                    } else {
                        prepare(r, outcomes, toSend, byId);
                    }
                }
            }
        }
        // counted before the call, so that a commit of these outcomes never runs ahead of the counters
        progress.resolvedLocally.addAndGet(outcomes.size());
        if (toSend.isEmpty()) {
            return Uni.createFrom().item(outcomes);
        }
        progress.sent.addAndGet(toSend.size());
        return send(toSend, byId).map(sentOutcomes -> {
            outcomes.addAll(sentOutcomes);
            return outcomes;
        });
    }

    /**
     * One plugin call and what its failure means: a batch rejected as a whole is split in halves (sent one after
     * the other, so concurrency stays bounded) down to single records; a rate-limit wait past the deadline stops
     * the run and delays the records; an app that is down fails the run (nothing of the batch is marked sent);
     * anything else fails the batch's records. A run stopped meanwhile (a failed commit, a cancel) makes no further
     * call: what the app answers from then on could not be committed.
     */
    private Uni<List<Outcome>> send(List<OutboundRecord> records, Map<String, StagedRecord> byId) {
        return Uni.createFrom().deferred(() -> control.shouldStop() ? Uni.createFrom().item(delayedUnsent(records, byId)) : call(records, byId));
    }

    /** Records that were about to be sent when the run stopped: delayed, and counted as answered locally rather than sent. */
    private List<Outcome> delayedUnsent(List<OutboundRecord> records, Map<String, StagedRecord> byId) {
        progress.sent.addAndGet(-records.size());
        progress.resolvedLocally.addAndGet(records.size());
        String result = delayedResult();
        return records.stream().map(o -> sent(byId.get(o.identifier()), o, ApplyState.DELAYED, result)).toList();
    }

    private Uni<List<Outcome>> call(List<OutboundRecord> records, Map<String, StagedRecord> byId) {
        return callContext.apply(rateLimits.around(() -> connection.send(new SendBatch(target, records, control.deadline()))))
                .map(answers -> match(records, byId, answers))
                .onFailure(BatchRejectedException.class).recoverWithUni(failure -> records.size() > 1
                        ? splitAndSend(records, byId)
                        : Uni.createFrom().item(batchFailed(records, byId, failure)))
                .onFailure(RateLimitDeadlineException.class).recoverWithItem(failure -> {
                    control.stop("rate-limit wait would pass the time limit (" + failure.getMessage() + ")");
                    String result = delayedResult();
                    return records.stream().map(o -> sent(byId.get(o.identifier()), o, ApplyState.DELAYED, result)).toList();
                })
                .onFailure(failure -> !(failure instanceof AppUnavailableException)).recoverWithItem(failure -> batchFailed(records, byId, failure));
    }

    private Uni<List<Outcome>> splitAndSend(List<OutboundRecord> records, Map<String, StagedRecord> byId) {
        int half = records.size() / 2;
        return send(records.subList(0, half), byId).chain(left -> send(records.subList(half, records.size()), byId).map(right -> {
            List<Outcome> both = new ArrayList<>(left);
            both.addAll(right);
            return both;
        }));
    }

    private void prepare(StagedRecord r, List<Outcome> outcomes, List<OutboundRecord> toSend, Map<String, StagedRecord> byId) {
        OutboundRecord record;
        try {
            record = preparer.prepare(r);
        } catch (RecordPreparer.TransformException e) {
            ObjectNode result = message("error", e.getMessage());
            if (e.line > 0) {
                result.put("line", e.line);
            }
            outcomes.add(new Outcome(r.seq(), r.identifier(), r.action(), ApplyState.SOURCE_FAILURE, ApplyReason.TRANSFORM_ERROR,
                    result.toString(), null, null));
            return;
        }
        List<String> problems = connection.validate(target, record);
        if (!problems.isEmpty()) {
            ObjectNode result = message("error", "validation failed");
            problems.forEach(result.putArray("problems")::add);
            outcomes.add(sent(r, record, ApplyState.SOURCE_FAILURE, result.toString()));
            return;
        }
        toSend.add(record);
        byId.put(r.identifier(), r);
    }

    private List<Outcome> match(List<OutboundRecord> sent, Map<String, StagedRecord> byId, List<RecordOutcome> answers) {
        Map<String, RecordOutcome> answered = new HashMap<>();
        for (RecordOutcome a : answers == null ? List.<RecordOutcome>of() : answers) {
            if (!byId.containsKey(a.identifier())) {
                LOG.warnf("sync '%s': plugin answered for identifier '%s', which was not in the batch; ignored", target.syncSlug(), a.identifier());
            } else {
                answered.putIfAbsent(a.identifier(), a);
            }
        }
        List<Outcome> out = new ArrayList<>(sent.size());
        for (OutboundRecord o : sent) {
            RecordOutcome a = answered.get(o.identifier());
            StagedRecord r = byId.get(o.identifier());
            if (a == null) {
                out.add(sent(r, o, ApplyState.DESTINATION_FAILURE, message("error", "the plugin returned no outcome for this record").toString()));
            } else {
                out.add(new Outcome(r.seq(), r.identifier(), o.action(), a.success() ? ApplyState.SUCCESS : ApplyState.DESTINATION_FAILURE,
                        r.reason(), a.result().toString(), a.appIdentifier(), payloadJson(o)));
            }
        }
        return out;
    }

    private List<Outcome> batchFailed(List<OutboundRecord> sent, Map<String, StagedRecord> byId, Throwable failure) {
        ObjectNode result = message("error", failure instanceof BatchRejectedException ? failure.getMessage()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage());
        if (RetryClassifier.isRetryable(failure)) {
            result.put("retryable", true);
        }
        String text = result.toString();
        return sent.stream().map(o -> sent(byId.get(o.identifier()), o, ApplyState.DESTINATION_FAILURE, text)).toList();
    }

    private Outcome sent(StagedRecord r, OutboundRecord o, ApplyState state, String result) {
        return new Outcome(r.seq(), r.identifier(), o.action(), state, r.reason(), result, null, payloadJson(o));
    }

    private String delayedResult() {
        return delayedResult(control.stopReason());
    }

    /** The result stored for a record a stopped run did not send. */
    static String delayedResult(String stopReason) {
        return message("delayed", "not sent: " + stopReason).toString();
    }

    private static Outcome local(StagedRecord r, ApplyState state, ApplyReason reason, ObjectNode result) {
        return new Outcome(r.seq(), r.identifier(), null, state, reason, result.toString(), null, null);
    }

    /** History keeps what was sent; for mapping syncs that is the staged record itself, so nothing extra travels. */
    private String payloadJson(OutboundRecord o) {
        return preparer.rendersTemplate() && o.record() != null ? o.record().toString() : null;
    }

    private static ObjectNode message(String key, String text) {
        return RecordPreparer.JSON.createObjectNode().put(key, text);
    }

}
