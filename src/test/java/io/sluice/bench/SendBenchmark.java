package io.sluice.bench;

import io.sluice.engine.EngineHarness;
import io.sluice.engine.RunListener;
import io.sluice.plugin.Action;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.SyncTarget;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.PluginSettings;
import io.sluice.plugins.webhook.WebhookPlugin;
import io.sluice.state.ApplyState;
import io.sluice.state.Run;
import io.sluice.sync.SyncDefinition;
import io.sluice.warehouse.Warehouse;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The send path (figure group 2): records per second end to end, through the real engine (stage, pages,
 * batches, dispatch with bounded concurrency, window commits on embedded DuckDB) and the real {@code webhook}
 * plugin (record mode: one POST per record; against the instant sink also batch mode, 100 records per POST) to a
 * local sink that answers at once or after 10 ms, at concurrency 1, 8 and 32. The baseline replays the very requests the sink recorded during the engine run with a
 * bare Vert.x {@link WebClient} (pool sized to the concurrency, same number in flight). Target: the engine
 * reaches at least 80 % of the bare client's rate. For information beside it: the same sync with an in-process app
 * (the engine's ceiling without HTTP), the share of the sending phase with a window commit running, and the plugin's
 * {@code send} alone without the engine. Properties: {@code bench.send.delays} (0,10), {@code bench.send.concurrency}
 * (1,8,32), {@code bench.send.batches} (1,100), {@code bench.send.scale} (records times this). Prints figures,
 * asserts nothing.
 */
public final class SendBenchmark {
    static final String GROUP = "send path";

    public static void main(String[] args) throws Exception {
        FigureTable table = new FigureTable();
        Vertx vertx = Vertx.vertx();
        try (HttpSink sink = new HttpSink(vertx); Warehouse w = DiffBenchmark.open("duckdb")) {
            EngineHarness h = new EngineHarness(w, Clock.systemUTC(), EngineHarness.config(1000, 1000, 100, 4), Duration.ofMinutes(30));
            // warm-up (not reported): the JIT compiles the engine's, the plugin's and Vert.x's paths before anything counts
            measure(h, vertx, sink, 0, 8, 1, 20_000, "warm-up", FigureTable.unreported());
            measure(h, vertx, sink, 0, 8, 100, 20_000, "warm-up-b100", FigureTable.unreported());
            pluginAlone(vertx, sink, 8, FigureTable.unreported()); // warm-up
            for (long concurrency : Benchmarks.longs("bench.send.concurrency", "1,8,32")) {
                if (concurrency > 1) {
                    pluginAlone(vertx, sink, (int) concurrency, table);
                }
            }
            for (long delay : Benchmarks.longs("bench.send.delays", "0,10")) {
                for (long concurrency : Benchmarks.longs("bench.send.concurrency", "1,8,32")) {
                    for (long batch : Benchmarks.longs("bench.send.batches", "1,100")) {
                        if (batch == 1 || delay == 0 && concurrency > 1) {
                            measure(h, vertx, sink, delay, (int) concurrency, (int) batch, records(delay, (int) concurrency, (int) batch),
                                    "c" + concurrency + "b" + batch, table);
                        }
                    }
                }
            }
        } finally {
            vertx.closeAndAwait();
        }
        if (!Boolean.getBoolean("bench.child")) {
            table.print(System.out);
        }
        System.exit(0);
    }

    /**
     * Records per case: 20,000 against the instant sink (100,000 in batches of 100, i.e. 1,000 requests); about four
     * seconds' worth against the 10 ms one.
     */
    static int records(long delayMillis, int concurrency, int batchSize) {
        int scale = Integer.getInteger("bench.send.scale", 1);
        return scale * (delayMillis == 0 ? (batchSize == 1 ? 20_000 : 100_000) : 400 * concurrency);
    }

    /**
     * One case, twice in turn (engine, bare, engine, bare) so that neither side profits from going second; the
     * better time of each side counts. Against the instant sink, each round also runs the same sync with an app that
     * answers in-process ({@link InstantApp}): what the engine reaches without HTTP, its ceiling on this machine.
     *
     * @param batchSize 1: the webhook's record mode (one POST per record); more: its batch mode (one POST per batch)
     */
    private static void measure(EngineHarness h, Vertx vertx, HttpSink sink, long delay, int concurrency, int batchSize, int n, String name,
                                FigureTable table) {
        double engineRate = 0;
        double instantRate = 0;
        double commitShare = 0;
        double bareRate = 0;
        for (int round = 0; round < 2; round++) {
            String slug = "send-" + delay + "ms-" + name + "-" + round;
            String source = "send_" + delay + "_" + name.replace("-", "_") + "_" + round;
            h.sql(h.warehouse.dialect().dropTableIfExists(source), "CREATE TABLE " + source + " AS SELECT i AS id, 'user' || i || '@example.com' AS email, "
                    + "'Name ' || i AS name FROM range(1, " + (n + 1) + ") t(i)");
            String definition = """
                    slug: %s
                    source: {warehouse: bench, table: %s, id-column: id}
                    target: {connection: sink, object: contacts}
                    strategy: upsert
                    tuning: {batch-size: %d, concurrency: %d}
                    mapping: {email: email, name: name}
                    """;
            SyncDefinition sync = EngineHarness.sync(definition.formatted(slug, source, batchSize, concurrency));
            Map<String, String> settings = new java.util.HashMap<>(Map.of(
                    "url", sink.url("/contacts"), "max-connections", Integer.toString(concurrency), "timeout", "30s"));
            if (batchSize > 1) {
                settings.putAll(Map.of("mode", "batch", "batch-size", Integer.toString(batchSize)));
            }
            AppConnection webhook = new WebhookPlugin().open(new ConnectionContext("sink", new PluginSettings("sink", settings), vertx, null));
            List<HttpSink.Request> requests;
            try {
                sink.reset(delay, true);
                PhaseTimes phases = new PhaseTimes();
                long t0 = System.nanoTime();
                Run run = h.run(sync, webhook, phases);
                double seconds = (System.nanoTime() - t0) / 1e9;
                long ok = run.counts().count(ApplyState.SUCCESS);
                requests = sink.recorded();
                if (ok != n || requests.size() != (n + batchSize - 1) / batchSize) {
                    System.err.printf("%s: %d of %d records succeeded, %d requests arrived%n", slug, ok, n, requests.size());
                }
                if (ok / seconds > engineRate) {
                    engineRate = ok / seconds;
                    commitShare = phases.millis(RunListener.RunPhase.COMMIT) / phases.millis(RunListener.RunPhase.STREAM);
                }
            } finally {
                webhook.close();
            }
            if (delay == 0) {
                long t0 = System.nanoTime();
                Run run = h.run(EngineHarness.sync(definition.formatted(slug + "-instant", source, batchSize, concurrency)), new InstantApp());
                instantRate = Math.max(instantRate, run.counts().count(ApplyState.SUCCESS) / ((System.nanoTime() - t0) / 1e9));
            }
            sink.reset(delay, false);
            double seconds = replay(vertx, sink, requests, concurrency);
            if (sink.count() != requests.size()) {
                System.err.printf("bare client: %d of %d requests arrived%n", sink.count(), requests.size());
            }
            // in records: a batch request carries batchSize of them
            bareRate = Math.max(bareRate, (double) n * sink.count() / requests.size() / seconds);
        }
        String scenario = "sink " + delay + " ms, concurrency " + concurrency + ", " + (batchSize == 1 ? "" : "batches of " + batchSize + ", ")
                + String.format("%,d", n) + " records";
        String unit = batchSize == 1 ? "requests/s" : "records/s";
        table.emit(Figure.atLeast(GROUP, scenario, "engine records/s vs bare client " + unit, engineRate, bareRate, 0.80));
        // windows commit one after the other: near 100 %, the warehouse's commits, not the calls, set the pace
        table.emit(Figure.info(GROUP, scenario, "engine: share of the sending phase with a window commit running (%)", 100 * commitShare));
        if (delay == 0) {
            table.emit(Figure.versus(GROUP, scenario, "engine records/s with an in-process app vs bare client " + unit, instantRate, bareRate));
        }
    }

    /**
     * The call path alone, without the engine: the {@code webhook} plugin's {@code send} for batches of one record,
     * {@code concurrency} in flight, against the instant sink, in turn with the bare client replaying the same requests,
     * three rounds each (the best counts). What the plugin, {@code AppHttpClient} and its guards cost per request.
     */
    private static void pluginAlone(Vertx vertx, HttpSink sink, int concurrency, FigureTable table) {
        int n = 20_000 * Integer.getInteger("bench.send.scale", 1);
        List<OutboundRecord> records = new java.util.ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            records.add(new OutboundRecord(Integer.toString(i), Action.CREATE, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                    .put("email", "user" + i + "@example.com").put("name", "Name " + i), null, null));
        }
        SyncTarget target = new SyncTarget("plugin-alone", "contacts", Strategy.UPSERT, Map.of());
        Instant deadline = Instant.now().plus(Duration.ofHours(1));
        double pluginRate = 0;
        double bareRate = 0;
        for (int round = 0; round < 3; round++) {
            AppConnection webhook = new WebhookPlugin().open(new ConnectionContext("sink", new PluginSettings("sink", Map.of(
                    "url", sink.url("/contacts"), "max-connections", Integer.toString(concurrency), "timeout", "30s")), vertx, null));
            List<HttpSink.Request> requests;
            try {
                sink.reset(0, true);
                long t0 = System.nanoTime();
                long ok = Multi.createFrom().iterable(records)
                        .onItem().transformToUni(r -> webhook.send(new SendBatch(target, List.of(r), deadline))).merge(concurrency)
                        .filter(outcomes -> outcomes.get(0).success())
                        .collect().with(java.util.stream.Collectors.counting())
                        .await().atMost(Duration.ofMinutes(30));
                pluginRate = Math.max(pluginRate, ok / ((System.nanoTime() - t0) / 1e9));
                requests = sink.recorded();
            } finally {
                webhook.close();
            }
            sink.reset(0, false);
            double seconds = replay(vertx, sink, requests, concurrency);
            bareRate = Math.max(bareRate, sink.count() / seconds);
        }
        table.emit(Figure.versus(GROUP, "plugin alone, sink 0 ms, concurrency " + concurrency + ", " + String.format("%,d", n) + " records",
                "webhook send() records/s vs bare client requests/s", pluginRate, bareRate));
    }

    /** Wall time per run phase; the {@code COMMIT} phases (one per window) add up. */
    private static final class PhaseTimes implements RunListener {
        private final Map<RunPhase, java.util.concurrent.atomic.AtomicLong> nanos = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public PhaseEnd phaseStarted(RunRef run, RunPhase phase) {
            long start = System.nanoTime();
            return failure -> nanos.computeIfAbsent(phase, p -> new java.util.concurrent.atomic.AtomicLong()).addAndGet(System.nanoTime() - start);
        }

        double millis(RunPhase phase) {
            return nanos.getOrDefault(phase, new java.util.concurrent.atomic.AtomicLong()).get() / 1e6;
        }
    }

    /** Sends the same requests with a bare web client, {@code concurrency} in flight; returns the seconds taken. */
    static double replay(Vertx vertx, HttpSink sink, List<HttpSink.Request> requests, int concurrency) {
        WebClient client = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(concurrency).setKeepAlive(true));
        try {
            long t0 = System.nanoTime();
            Multi.createFrom().iterable(requests)
                    .onItem().transformToUni(r -> client.requestAbs(HttpMethod.valueOf(r.method()), sink.url(r.uri()))
                            .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json")
                            .sendBuffer(Buffer.buffer(r.body())))
                    .merge(concurrency)
                    .collect().last()
                    .await().atMost(Duration.ofMinutes(30));
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            client.close();
        }
    }
}
