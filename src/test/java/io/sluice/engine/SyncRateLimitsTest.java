package io.sluice.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppHttpObserver;
import io.sluice.plugin.PluginSettings;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.support.AppHttpClient;
import io.sluice.plugin.support.Delayer;
import io.sluice.state.ApplyState;
import io.sluice.state.Run;
import io.sluice.sync.SyncDefinition;
import io.sluice.testing.MutableClock;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sync's {@code tuning.rate-limits} reach the HTTP calls of a plugin that knows nothing of them: the engine runs
 * each batch within the sync's limits, and the plugin's {@link AppHttpClient} holds them on top of the connection's.
 */
class SyncRateLimitsTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private Warehouse warehouse;
    private EngineHarness h;
    private WireMockServer wm;
    private Vertx vertx;
    private AppHttpClient http;
    private final MutableClock clock = new MutableClock(START);
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    /** One POST a batch through the shared client; every record succeeds. */
    private final class OnePostABatch implements AppConnection {
        @Override
        public int maxBatchSize() {
            return 8;
        }

        @Override
        public Uni<List<RecordOutcome>> send(SendBatch batch) {
            return http.exchange("POST", wm.baseUrl() + "/batch", Map.of(), "{}", batch.deadline())
                    .map(answer -> batch.records().stream().map(r -> RecordOutcome.success(r.identifier(), null, null)).toList());
        }
    }

    @BeforeEach
    void setUp() {
        warehouse = WarehouseFactory.open("w", "jdbc:duckdb:", Optional.empty(), Optional.empty(), Map.of(), "sluice", 2);
        h = new EngineHarness(warehouse, clock, EngineHarness.config(100, 50, 8, 1));
        h.sql("CREATE TABLE items AS SELECT i AS id, 'v' || i AS v FROM range(1, 25) t(i)");
        wm = new WireMockServer(wireMockConfig().dynamicPort());
        wm.start();
        wm.stubFor(post("/batch").willReturn(okJson("{}")));
        vertx = Vertx.vertx();
        Delayer instant = wait -> {
            if (!wait.isZero()) {
                waits.add(wait);
                clock.advance(wait);
            }
            return Uni.createFrom().voidItem();
        };
        http = new AppHttpClient("app", vertx, AppHttpClient.options(new PluginSettings("app", Map.of(
                "rate-limits.writes.rates", "100/s", "rate-limits.writes.methods", "POST")), Map.of(), "test", List.of()), clock, instant,
                AppHttpObserver.NO_OP);
    }

    @AfterEach
    void tearDown() {
        http.close();
        vertx.closeAndAwait();
        wm.stop();
        warehouse.close();
    }

    private static SyncDefinition sync(String slug, String tuning) {
        return EngineHarness.sync("""
                slug: %s
                source: {warehouse: w, table: items, id-column: id}
                target: {connection: app}
                strategy: upsert
                mapping: {v: v}
                tuning: %s
                """.formatted(slug, tuning));
    }

    @Test
    void aSyncKeepsToItsOwnRateWhileTheConnectionWouldAllowMore() {
        Run run = h.run(sync("slow", "{concurrency: 1, rate-limits: {writes: {rates: 2/min}}}"), new OnePostABatch());

        assertThat(run.counts().count(ApplyState.SUCCESS)).isEqualTo(24);
        wm.verify(3, postRequestedFor(urlEqualTo("/batch")));
        // three batches of 8 at 2 a minute: the third waited for the minute (with the 2 % arrival allowance)
        assertThat(waits).containsExactly(Duration.ofMillis(61_200));
    }

    @Test
    void anotherSyncOfTheConnectionIsHeldOnlyByTheConnectionsRate() {
        h.run(sync("slow", "{concurrency: 1, rate-limits: {writes: {rates: 2/min}}}"), new OnePostABatch());
        waits.clear();

        Run other = h.run(sync("fast", "{concurrency: 1}"), new OnePostABatch());

        assertThat(other.counts().count(ApplyState.SUCCESS)).isEqualTo(24);
        assertThat(waits).isEmpty();
    }
}
