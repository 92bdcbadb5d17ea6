package io.sluice.observe;

import io.sluice.testing.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.sluice.engine.EngineHarness;
import io.sluice.engine.RunListener;
import io.sluice.engine.RunListeners;
import io.sluice.state.Health;
import io.sluice.state.Run;
import io.sluice.sync.SyncDefinition;
import io.sluice.testing.MemoryApp;
import io.sluice.testing.MutableClock;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real run (DuckDB, in-memory app) heard by the metrics, tracing and logging of the service. */
class RunObservabilityTest {
    private static final SyncDefinition SYNC = EngineHarness.sync("""
            slug: items
            source: {warehouse: w, table: items, id-column: id}
            target: {connection: app}
            strategy: upsert
            tuning: {concurrency: 2}
            mapping: {v: v}
            """);

    private Warehouse warehouse;
    private EngineHarness h;
    private MemoryApp app;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private SdkTracerProvider tracerProvider;
    private final List<RunListener.RunEnded> ended = new CopyOnWriteArrayList<>();
    private LogCapture logs;
    private RunListener listeners;

    @BeforeEach
    void setUp() {
        warehouse = WarehouseFactory.open("w", "jdbc:duckdb:", Optional.empty(), Optional.empty(), Map.of(), "sluice", 2);
        h = new EngineHarness(warehouse, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), EngineHarness.config(5, 4, 3, 2));
        h.sql("CREATE TABLE items AS SELECT i AS id, 'v' || i AS v FROM range(1, 11) t(i)");
        app = new MemoryApp();
        tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        RunListener recordEnd = new RunListener() {
            @Override
            public Uni<Void> runEnded(RunEnded e) {
                ended.add(e);
                return Uni.createFrom().voidItem();
            }

            @Override
            public boolean wantsSyncHealth() {
                return true;
            }
        };
        listeners = RunListeners.of(List.of(new RunMetrics(registry), new RunTracing(() -> tracerProvider.get("test")), recordEnd));
        logs = LogCapture.on("io.sluice");
    }

    @AfterEach
    void tearDown() {
        logs.close();
        tracerProvider.close();
        warehouse.close();
    }

    @Test
    void metricsCountRunsRecordsByActionAndApplyStateAndRowsStaged() {
        app.reject.add("4");
        Run first = h.run(SYNC, app, listeners);
        assertThat(first.health()).isEqualTo(Health.INCOMPLETE);

        assertThat(count(RunMetrics.RUNS, "sync", "items", "state", "COMPLETED", "health", "INCOMPLETE")).isEqualTo(1.0);
        assertThat(count(RunMetrics.RECORDS, "sync", "items", "action", "CREATE", "apply_state", "SUCCESS")).isEqualTo(9.0);
        assertThat(count(RunMetrics.RECORDS, "sync", "items", "action", "CREATE", "apply_state", "DESTINATION_FAILURE")).isEqualTo(1.0);
        assertThat(count(RunMetrics.STAGED, "sync", "items")).isEqualTo(10.0);
        assertThat(registry.get(RunMetrics.DURATION).tags("sync", "items", "state", "COMPLETED").timer().count()).isEqualTo(1);

        app.reject.clear();
        h.sql("UPDATE items SET v = 'changed' WHERE id IN (1, 2)");
        h.run(SYNC, app, listeners);
        // 4 is retried as a create, 1 and 2 are updates
        assertThat(count(RunMetrics.RUNS, "sync", "items", "state", "COMPLETED", "health", "HEALTHY")).isEqualTo(1.0);
        assertThat(count(RunMetrics.RECORDS, "sync", "items", "action", "CREATE", "apply_state", "SUCCESS")).isEqualTo(10.0);
        assertThat(count(RunMetrics.RECORDS, "sync", "items", "action", "UPDATE", "apply_state", "SUCCESS")).isEqualTo(2.0);
        assertThat(count(RunMetrics.STAGED, "sync", "items")).isEqualTo(13.0);
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
                .noneMatch(t -> t.getKey().equals("identifier") || t.getValue().equals(first.id())));
    }

    @Test
    void runEndCarriesTheSyncHealthBeforeAndAfter() {
        h.run(SYNC, app, listeners);
        h.run(SYNC, app, listeners);
        app.reject.add("4");
        h.sql("UPDATE items SET v = 'again' WHERE id IN (4, 5)");
        h.run(SYNC, app, listeners);

        assertThat(ended).extracting(RunListener.RunEnded::healthBefore, RunListener.RunEnded::healthAfter)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Health.PENDING, Health.HEALTHY),
                        org.assertj.core.groups.Tuple.tuple(Health.HEALTHY, Health.HEALTHY),
                        org.assertj.core.groups.Tuple.tuple(Health.HEALTHY, Health.INCOMPLETE));
        assertThat(ended).extracting(RunListener.RunEnded::healthChanged).containsExactly(true, false, true);

        // metrics and spans do not ask for it: without a listener that does, the sync's health is not read
        List<RunListener.RunEnded> quiet = new CopyOnWriteArrayList<>();
        h.run(SYNC, app, RunListeners.of(List.of(new RunMetrics(registry), new RunListener() {
            @Override
            public Uni<Void> runEnded(RunEnded e) {
                quiet.add(e);
                return Uni.createFrom().voidItem();
            }
        })));
        assertThat(quiet).singleElement().satisfies(e -> {
            assertThat(e.healthBefore()).isNull();
            assertThat(e.healthAfter()).isNull();
            assertThat(e.healthChanged()).isFalse();
        });
    }

    @Test
    void aRunIsOneSpanWithAChildPerPhase() {
        Run run = h.run(SYNC, app, listeners);
        List<SpanData> finished = spans.getFinishedSpanItems();
        SpanData root = finished.stream().filter(s -> s.getName().equals("sluice.run")).findFirst().orElseThrow();
        assertThat(root.getParentSpanContext().isValid()).isFalse();
        assertThat(root.getAttributes().get(RunTracing.SYNC)).isEqualTo("items");
        assertThat(root.getAttributes().get(RunTracing.RUN_ID)).isEqualTo(run.id());
        assertThat(root.getAttributes().get(RunTracing.TRIGGER)).isEqualTo("API");

        List<SpanData> children = finished.stream().filter(s -> s != root).toList();
        assertThat(children).allSatisfy(s -> {
            assertThat(s.getParentSpanId()).isEqualTo(root.getSpanId());
            assertThat(s.getTraceId()).isEqualTo(root.getTraceId());
        });
        List<String> names = children.stream().map(SpanData::getName).distinct().toList();
        assertThat(names).containsExactlyInAnyOrder("sluice.lock", "sluice.stage", "sluice.stream", "sluice.commit", "sluice.finish");
        // 10 records in batches of 3, 3, 3, 1 arriving whole into windows of at least 4: two windows, whatever the order
        assertThat(children.stream().filter(s -> s.getName().equals("sluice.commit")).count()).isEqualTo(2);
    }

    @Test
    void aRunsLogLinesCarryItsSyncAndRunIdAndFormatAsJson() throws Exception {
        Run run = h.run(SYNC, app, listeners);
        List<ExtLogRecord> ofRun = logs.records().stream().filter(r -> r.getFormattedMessage().contains(run.id())).toList();
        assertThat(ofRun).extracting(ExtLogRecord::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("staged"))
                .anySatisfy(m -> assertThat(m).contains("ended"));
        assertThat(ofRun).allSatisfy(r -> {
            assertThat(r.getMdc("sync")).isEqualTo("items");
            assertThat(r.getMdc("run")).isEqualTo(run.id());
        });
        assertThat(MDC.get("run")).as("nothing leaks onto the caller's thread").isNull();

        String line = JsonLogging.formatter().format(ofRun.get(0));
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("mdc").path("sync").asText()).isEqualTo("items");
        assertThat(json.path("mdc").path("run").asText()).isEqualTo(run.id());
        assertThat(json.path("message").asText()).contains(run.id());
        assertThat(json.path("level").asText()).isEqualTo("INFO");
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }
}
