package io.sluice.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppUnavailableException;
import io.sluice.plugin.BatchRejectedException;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RateLimitDeadlineException;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.RetryableException;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.SyncRateLimits;
import io.sluice.plugin.SyncTarget;
import io.sluice.state.ApplyReason;
import io.sluice.state.ApplyState;
import io.sluice.state.Outcome;
import io.sluice.state.StagedRecord;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Turns one batch of staged records into outcomes: records that need no call (resolved, dropped, duplicate,
 * untransformable, invalid) are answered locally; the rest go to the plugin in one call, unless the run has
 * been stopped, in which case they are {@code DELAYED}. Every staged record gets exactly one outcome. Records whose
 * outcome is transient are sent again within the run ({@link TransientRetries}); a plugin failing with an exception the
 * SPI does not declare fails the run ({@link PluginFailedException}).
 */
final class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final AppConnection connection;
    private final String connectionName;
    private final SyncTarget target;
    private final SyncRateLimits rateLimits;
    private final RecordPreparer preparer;
    private final RunControl control;
    private final RunProgress progress;
    private final TransientRetries retries;
    private final UnaryOperator<Uni<List<RecordOutcome>>> callContext;

    /**
     * How often and how soon records with a transient outcome are sent again within the run: {@code retries} times,
     * the first after {@code delay}, each further one after twice the wait before it; never when the wait would pass
     * the run's deadline.
     */
    record TransientRetries(int retries, Duration delay) {
        static TransientRetries of(EngineConfig config) {
            return new TransientRetries(Math.max(0, config.transientRetries()), config.transientRetryDelay());
        }

        /** The wait before retry number {@code retry} (0 for the first). */
        Duration delayBefore(int retry) {
            return delay.multipliedBy(1L << Math.min(retry, 20));
        }
    }

    /**
     * @param context     the run: its sync (target, connection name, rate limits), settings, control and progress
     * @param callContext wraps each plugin call, so its callbacks run in the run's logging context
     */
    Dispatcher(RunContext context, AppConnection connection, RecordPreparer preparer, UnaryOperator<Uni<List<RecordOutcome>>> callContext) {
        this.callContext = callContext;
        this.connection = connection;
        this.connectionName = context.sync().target().connection();
        this.retries = TransientRetries.of(context.config());
        this.target = context.sync().syncTarget();
        this.rateLimits = context.sync().rateLimits();
        this.preparer = preparer;
        this.control = context.control();
        this.progress = context.progress();
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
        return send(toSend, byId, 0).map(sentOutcomes -> {
            outcomes.addAll(sentOutcomes);
            return outcomes;
        });
    }

    /**
     * One plugin call and what its failure means: a batch rejected as a whole is split in halves (sent one after
     * the other, so concurrency stays bounded) down to single records; a rate-limit wait past the deadline stops
     * the run and delays the records; an app that is down fails the run (nothing of the batch is marked sent), and
     * so does any failure the SPI does not declare (a plugin bug); a transient failure of the whole batch makes every
     * record of it transient. Transient records are sent again ({@link #retryTransient}). A run stopped meanwhile (a
     * failed commit, a cancel) makes no further call: what the app answers from then on could not be committed.
     *
     * @param retry how many times these records were already sent again for a transient outcome
     */
    private Uni<List<Outcome>> send(List<OutboundRecord> records, Map<String, StagedRecord> byId, int retry) {
        return Uni.createFrom().deferred(() -> control.shouldStop() ? Uni.createFrom().item(delayedUnsent(records, byId))
                : attempt(records, byId, retry).chain(attempt -> retryTransient(attempt, byId, retry)));
    }

    /** Records that were about to be sent when the run stopped: delayed, and counted as answered locally rather than sent. */
    private List<Outcome> delayedUnsent(List<OutboundRecord> records, Map<String, StagedRecord> byId) {
        progress.sent.addAndGet(-records.size());
        progress.resolvedLocally.addAndGet(records.size());
        return delayed(records, byId);
    }

    /** The records of a call that was not made, or whose wait would pass the time limit: DELAYED, why in the result. */
    private List<Outcome> delayed(List<OutboundRecord> records, Map<String, StagedRecord> byId) {
        String result = delayedResult();
        return records.stream().map(o -> sent(byId.get(o.identifier()), o, ApplyState.DELAYED, result)).toList();
    }

    /**
     * What one call settled, and the records it left transient with the outcome each gets if it is not sent again.
     */
    private record Attempt(List<Outcome> settled, List<OutboundRecord> transientRecords, List<Outcome> transientOutcomes) {
        static Attempt settled(List<Outcome> outcomes) {
            return new Attempt(outcomes, List.of(), List.of());
        }
    }

    private Uni<Attempt> attempt(List<OutboundRecord> records, Map<String, StagedRecord> byId, int retry) {
        // deferred: a plugin that throws from send, rather than failing its Uni, is caught the same way
        return callContext.apply(rateLimits.around(() -> connection.send(new SendBatch(target, records, control.deadline()))))
                .map(answers -> match(records, byId, answers))
                .onFailure(BatchRejectedException.class).recoverWithUni(failure -> records.size() > 1
                        ? splitAndSend(records, byId, retry).map(Attempt::settled)
                        : Uni.createFrom().item(Attempt.settled(batchFailed(records, byId, failure))))
                .onFailure(RateLimitDeadlineException.class).recoverWithItem(failure -> {
                    control.stop("rate-limit wait would pass the time limit (" + failure.getMessage() + ")");
                    return Attempt.settled(delayed(records, byId));
                })
                .onFailure(RetryableException.class).recoverWithItem(failure -> new Attempt(List.of(), records, batchFailed(records, byId, failure)))
                .onFailure(failure -> !(failure instanceof AppUnavailableException || failure instanceof PluginFailedException))
                .transform(failure -> new PluginFailedException(connectionName, failure));
    }

    /**
     * Sends the attempt's transient records again after a backoff, while retries are left, the run is not stopped and
     * the wait ends before the deadline; otherwise they keep their {@code DESTINATION_FAILURE}, sent again next run.
     */
    private Uni<List<Outcome>> retryTransient(Attempt attempt, Map<String, StagedRecord> byId, int retry) {
        if (attempt.transientRecords().isEmpty()) {
            return Uni.createFrom().item(attempt.settled());
        }
        Duration wait = retries.delayBefore(retry);
        if (retry >= retries.retries() || control.shouldStop() || !control.hasTimeFor(wait)) {
            return Uni.createFrom().item(concat(attempt.settled(), attempt.transientOutcomes()));
        }
        LOG.debugf("sync '%s': %d record(s) failed transiently; sending them again in %s (retry %d of %d)", target.syncSlug(),
                attempt.transientRecords().size(), wait, retry + 1, retries.retries());
        // the records were sent and answered transiently: a stop during the wait, or an app that goes down on the retry,
        // leaves them that answer (DESTINATION_FAILURE), never "not sent"; and the answers already settled are kept, so
        // that what the app accepted is committed before a down app fails the run (no duplicate next run)
        return Uni.createFrom().voidItem().onItem().delayIt().by(wait)
                .chain(() -> control.shouldStop() ? Uni.createFrom().item(attempt.transientOutcomes())
                        : send(attempt.transientRecords(), byId, retry + 1)
                                .onFailure(f -> f instanceof AppUnavailableException || f instanceof PluginFailedException)
                                .recoverWithItem(f -> {
                                    control.fail(f);
                                    return attempt.transientOutcomes();
                                }))
                .map(again -> concat(attempt.settled(), again));
    }

    private Uni<List<Outcome>> splitAndSend(List<OutboundRecord> records, Map<String, StagedRecord> byId, int retry) {
        int half = records.size() / 2;
        return send(records.subList(0, half), byId, retry).chain(left -> send(records.subList(half, records.size()), byId, retry)
                .map(right -> concat(left, right)));
    }

    private static List<Outcome> concat(List<Outcome> first, List<Outcome> second) {
        List<Outcome> both = new ArrayList<>(first.size() + second.size());
        both.addAll(first);
        both.addAll(second);
        return both;
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
        List<String> problems;
        try {
            problems = connection.validate(target, record);
        } catch (RuntimeException e) {
            throw new PluginFailedException(connectionName, e); // validate declares no exception: a bug, as in send
        }
        if (!problems.isEmpty()) {
            ObjectNode result = message("error", "validation failed");
            problems.forEach(result.putArray("problems")::add);
            outcomes.add(sent(r, record, ApplyState.SOURCE_FAILURE, result.toString()));
            return;
        }
        toSend.add(record);
        byId.put(r.identifier(), r);
    }

    private Attempt match(List<OutboundRecord> sent, Map<String, StagedRecord> byId, List<RecordOutcome> answers) {
        Map<String, RecordOutcome> answered = new HashMap<>();
        for (RecordOutcome a : answers == null ? List.<RecordOutcome>of() : answers) {
            if (!byId.containsKey(a.identifier())) {
                LOG.warnf("sync '%s': plugin answered for identifier '%s', which was not in the batch; ignored", target.syncSlug(), a.identifier());
            } else {
                answered.putIfAbsent(a.identifier(), a);
            }
        }
        List<Outcome> settled = new ArrayList<>(sent.size());
        List<OutboundRecord> transientRecords = new ArrayList<>();
        List<Outcome> transientOutcomes = new ArrayList<>();
        for (OutboundRecord o : sent) {
            RecordOutcome a = answered.get(o.identifier());
            StagedRecord r = byId.get(o.identifier());
            if (a == null) {
                settled.add(sent(r, o, ApplyState.DESTINATION_FAILURE, message("error", "the plugin returned no outcome for this record").toString()));
                continue;
            }
            Outcome outcome = new Outcome(r.seq(), r.identifier(), o.action(), a.success() ? ApplyState.SUCCESS : ApplyState.DESTINATION_FAILURE,
                    r.reason(), resultText(a.result()), a.appIdentifier(), payloadJson(o));
            if (a.status() == RecordOutcome.Status.TRANSIENT) {
                transientRecords.add(o);
                transientOutcomes.add(outcome);
            } else {
                settled.add(outcome);
            }
        }
        return new Attempt(settled, transientRecords, transientOutcomes);
    }

    private List<Outcome> batchFailed(List<OutboundRecord> sent, Map<String, StagedRecord> byId, Throwable failure) {
        ObjectNode result = message("error", failure instanceof BatchRejectedException ? failure.getMessage()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage());
        if (failure instanceof RetryableException) {
            result.put("retryable", true); // for users reading history; the engine retries by the failure's type
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

    /**
     * The app's answer as stored. Most apps answer a success with nothing ({@link RecordOutcome}'s empty object):
     * writing that out through Jackson for every record took about 5 % of the Java samples of a backfill
     * (docs/benchmarks.md, issue 16).
     */
    private static String resultText(JsonNode result) {
        return result.isObject() && result.isEmpty() ? "{}" : result.toString();
    }

    private static ObjectNode message(String key, String text) {
        return RecordPreparer.JSON.createObjectNode().put(key, text);
    }

}
