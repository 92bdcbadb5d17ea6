package io.sluice.plugins.webhook;

import io.sluice.testing.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.EngineHarness;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.SyncTarget;
import io.smallrye.mutiny.Uni;
import io.sluice.state.Run;
import io.sluice.state.RunState;
import io.sluice.sync.SyncDefinition;
import io.sluice.testing.MutableClock;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A run against an app that is down logs one line naming connection, sync, run and cause, without a stack trace; a bug keeps its trace. */
class WebhookAppDownLogTest extends WebhookTestBase {
    private static final SyncDefinition SYNC = EngineHarness.sync("""
            slug: contacts
            source: {warehouse: w, table: contacts, id-column: id}
            target: {connection: crm, object: contacts}
            strategy: mirror
            tuning: {concurrency: 1}
            mapping: {email: email}
            """);

    private Warehouse warehouse;
    private EngineHarness h;
    private LogCapture logs;

    @BeforeEach
    void setUp() {
        warehouse = WarehouseFactory.open("w", "jdbc:duckdb:", Optional.empty(), Optional.empty(), Map.of(), "sluice", 2);
        h = new EngineHarness(warehouse, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), EngineHarness.config(100, 50, 10, 1));
        h.sql("CREATE TABLE contacts AS SELECT i AS id, 'c' || i || '@example.com' AS email FROM range(1, 6) t(i)");
        logs = LogCapture.on("");
    }

    @AfterEach
    void tearDown() {
        logs.close();
        warehouse.close();
    }

    @Test
    void aDownAppIsOneWarningLineNamingConnectionSyncRunAndCause() throws IOException {
        AppConnection crm = open("url", "http://127.0.0.1:" + closedPort() + "/contacts", "retry.max-attempts", "1",
                "circuit.failure-threshold", "2");

        Run run = h.run(SYNC, crm);

        assertThat(run.state()).isEqualTo(RunState.FAILED);
        List<ExtLogRecord> warnings = logs.records().stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(warnings).as("one line for the failed run").singleElement().satisfies(line -> {
            assertThat(line.getFormattedMessage()).contains("connection 'crm'", "sync 'contacts'", run.id(), "the app looks down", "Connection refused");
            assertThat(line.getFormattedMessage()).doesNotContain("\n");
            assertThat(line.getThrown()).as("an app that is down is no bug: no stack trace").isNull();
            assertThat(line.getMdc("sync")).isEqualTo("contacts");
            assertThat(line.getMdc("run")).isEqualTo(run.id());
        });
    }

    @Test
    void aBugInPluginCodeKeepsItsStackTrace() {
        AppConnection buggy = new AppConnection() {
            @Override
            public List<String> validate(SyncTarget target, OutboundRecord record) {
                throw new NullPointerException("a plugin bug");
            }

            @Override
            public Uni<List<RecordOutcome>> send(SendBatch batch) {
                return Uni.createFrom().item(List.of());
            }
        };

        Run run = h.run(SYNC, buggy);

        assertThat(run.state()).isEqualTo(RunState.FAILED);
        List<ExtLogRecord> errors = logs.records().stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(errors).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(org.jboss.logmanager.Level.ERROR);
            assertThat(line.getFormattedMessage()).contains("connection 'crm'", "sync 'contacts'", run.id(), "NullPointerException: a plugin bug");
            assertThat(line.getThrown()).isInstanceOf(NullPointerException.class);
        });
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
