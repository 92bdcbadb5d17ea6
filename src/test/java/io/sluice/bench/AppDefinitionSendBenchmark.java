package io.sluice.bench;

import io.sluice.apps.load.DefinitionParser;
import io.sluice.apps.runtime.DefinitionPlugin;
import io.sluice.engine.EngineHarness;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppPlugin;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.PluginSettings;
import io.sluice.plugins.webhook.WebhookPlugin;
import io.sluice.state.ApplyState;
import io.sluice.state.Run;
import io.sluice.sync.SyncDefinition;
import io.sluice.warehouse.Warehouse;
import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Apps as data on the send path (figure group 2, beside {@link SendBenchmark}): records per second of a connection of an
 * app definition against the {@code webhook} plugin's, through the same engine to the same local sink (instant and
 * 10 ms), one POST per record. The definition is what a user would write for this sink ({@link #DEFINITION}: an
 * {@code upsert} action without a body template, so the record itself is the body). Each round runs both, the
 * first side alternating between rounds ({@code bench.apps.rounds}, default 3), and the best of each side counts. Target: at least 90 % of the webhook plugin's
 * rate. Prints figures, asserts nothing.
 */
public final class AppDefinitionSendBenchmark {
    static final String DEFINITION = """
            app: bench-sink
            title: The benchmark's local sink
            docs: [https://example.com/bench-sink]
            base-url: "http://127.0.0.1"
            auth: { type: none }
            actions:
              upsert: { method: POST, path: /contacts }
            """;

    public static void main(String[] args) throws Exception {
        FigureTable table = new FigureTable();
        Vertx vertx = Vertx.vertx();
        DefinitionPlugin definition = new DefinitionPlugin(new DefinitionParser().parse("bench-sink.yaml", "bench-sink", DEFINITION));
        try (HttpSink sink = new HttpSink(vertx); Warehouse w = DiffBenchmark.open("duckdb")) {
            EngineHarness h = new EngineHarness(w, Clock.systemUTC(), EngineHarness.config(1000, 1000, 100, 4), Duration.ofMinutes(30));
            measure(h, vertx, sink, definition, 0, 8, "warm-up", FigureTable.unreported());
            for (long delay : Benchmarks.longs("bench.send.delays", "0,10")) {
                for (long concurrency : Benchmarks.longs("bench.apps.concurrency", "8,32")) {
                    measure(h, vertx, sink, definition, delay, (int) concurrency, "c" + concurrency, table);
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

    private static void measure(EngineHarness h, Vertx vertx, HttpSink sink, DefinitionPlugin definition, long delay, int concurrency, String name,
                                FigureTable table) {
        int n = SendBenchmark.records(delay, concurrency);
        double webhookRate = 0;
        double definitionRate = 0;
        for (int round = 0; round < Integer.getInteger("bench.apps.rounds", 3); round++) {
            // each side goes first every other round, so that neither profits from the order (a JIT, a GC)
            for (int side = 0; side < 2; side++) {
                if ((side + round) % 2 == 0) {
                    webhookRate = Math.max(webhookRate, run(h, sink, new WebhookPlugin(), Map.of("url", sink.url("/contacts")), vertx, delay,
                            concurrency, n, "webhook-" + delay + "-" + name + "-" + round));
                } else {
                    definitionRate = Math.max(definitionRate, Boolean.getBoolean("bench.apps.aa")
                            ? run(h, sink, new WebhookPlugin(), Map.of("url", sink.url("/contacts")), vertx, delay, concurrency, n, "aa-" + delay + "-" + name + "-" + round)
                            : run(h, sink, definition, Map.of("base-url", sink.url("")), vertx, delay, concurrency, n, "definition-" + delay + "-" + name + "-" + round));
                }
            }
        }
        String scenario = "app definition, sink " + delay + " ms, concurrency " + concurrency + ", " + String.format("%,d", n) + " records";
        table.emit(Figure.atLeast(SendBenchmark.GROUP, scenario, "definition records/s vs webhook plugin records/s", definitionRate, webhookRate, 0.90));
    }

    /** One engine run of {@code n} records through a connection of {@code plugin}; its records per second. */
    private static double run(EngineHarness h, HttpSink sink, AppPlugin plugin, Map<String, String> target, Vertx vertx, long delay, int concurrency,
                              int n, String slug) {
        String source = slug.replace("-", "_");
        h.sql(h.warehouse.dialect().dropTableIfExists(source), "CREATE TABLE " + source + " AS SELECT i AS id, 'user' || i || '@example.com' AS email, "
                + "'Name ' || i AS name FROM range(1, " + (n + 1) + ") t(i)");
        SyncDefinition sync = EngineHarness.sync("""
                slug: %s
                source: {warehouse: bench, table: %s, id-column: id}
                target: {connection: sink, object: contacts}
                strategy: upsert
                tuning: {batch-size: 1, concurrency: %d}
                mapping: {email: email, name: name}
                """.formatted(slug, source, concurrency));
        Map<String, String> settings = new java.util.HashMap<>(target);
        settings.put("max-connections", Integer.toString(concurrency));
        settings.put("timeout", "30s");
        AppConnection connection = plugin.open(new ConnectionContext("sink", new PluginSettings("sink", settings), vertx, null));
        try {
            sink.reset(delay, false);
            long t0 = System.nanoTime();
            Run run = h.run(sync, connection);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long ok = run.counts().count(ApplyState.SUCCESS);
            if (ok != n) {
                System.err.printf("%s: %d of %d records succeeded%n", slug, ok, n);
            }
            return ok / seconds;
        } finally {
            connection.close();
        }
    }
}
