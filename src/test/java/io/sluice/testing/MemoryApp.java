package io.sluice.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.Action;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A tiny in-memory app for engine tests: keeps objects by app id, records every call, and rejects the
 * identifiers it is told to (or answers them as transient failures). App ids are {@code app-<identifier>}.
 */
public final class MemoryApp implements AppConnection {
    public final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
    public final List<OutboundRecord> received = new CopyOnWriteArrayList<>();
    public final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    public final Set<String> reject = ConcurrentHashMap.newKeySet();
    /** Identifiers answered {@code TRANSIENT}, each as many more times as its count says (then answered as usual). */
    public final Map<String, Integer> transientFor = new ConcurrentHashMap<>();
    public volatile int maxBatch = 50;
    /** Runs before each batch is answered (to make a call slow, block or break something). */
    public volatile Consumer<SendBatch> beforeAnswer = b -> {
    };

    /** What {@link #usage()} reports (a stand-in for an app's quota header). */
    public volatile Map<String, String> usage = Map.of();

    @Override
    public Map<String, String> usage() {
        return usage;
    }

    @Override
    public int maxBatchSize() {
        return maxBatch;
    }

    @Override
    public Uni<List<RecordOutcome>> send(SendBatch batch) {
        return Uni.createFrom().item(() -> {
            beforeAnswer.accept(batch);
            batchSizes.add(batch.records().size());
            List<RecordOutcome> out = new ArrayList<>();
            for (OutboundRecord r : batch.records()) {
                received.add(r);
                if (transientFor.getOrDefault(r.identifier(), 0) > 0) {
                    transientFor.computeIfPresent(r.identifier(), (id, left) -> left - 1);
                    out.add(RecordOutcome.transientFailure(r.identifier(), JsonNodeFactory.instance.objectNode()
                            .put("error", "HTTP 503 from the app").put("retryable", true)));
                    continue;
                }
                if (reject.contains(r.identifier())) {
                    out.add(RecordOutcome.rejected(r.identifier(), JsonNodeFactory.instance.objectNode().put("error", "rejected by the app")));
                    continue;
                }
                String appId = "app-" + r.identifier();
                if (r.action() == Action.DELETE) {
                    objects.remove(appId);
                } else {
                    objects.put(appId, r.record());
                }
                out.add(RecordOutcome.success(r.identifier(), JsonNodeFactory.instance.objectNode().put("ok", true), appId));
            }
            return out;
        });
    }

    /** Makes every call wait until the returned latch is counted down (at most 30 s), to hold a run open. */
    public java.util.concurrent.CountDownLatch holdCalls() {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        beforeAnswer = b -> {
            try {
                release.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        return release;
    }

    /** Identifiers received with the given action, in order. */
    public List<String> received(Action action) {
        return received.stream().filter(r -> r.action() == action).map(OutboundRecord::identifier).toList();
    }

    public void clearReceived() {
        received.clear();
        batchSizes.clear();
    }
}
