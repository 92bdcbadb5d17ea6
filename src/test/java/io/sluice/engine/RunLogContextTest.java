package io.sluice.engine;

import io.sluice.testing.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.sluice.state.Run;
import io.sluice.state.Stores;
import io.sluice.state.Trigger;
import io.sluice.testing.PeopleSource;
import io.sluice.warehouse.Warehouses;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A run triggered by another run's end logs its start with its own sync and run id, never the other run's. */
@QuarkusTest
class RunLogContextTest {
    @Inject
    Stores stores;

    @Inject
    SyncEngine engine;

    @Inject
    Warehouses warehouses;

    private LogCapture logs;

    @BeforeEach
    void setUp() {
        PeopleSource.reset(warehouses, 5);
        logs = LogCapture.on(SyncEngine.class.getName());
    }

    @AfterEach
    void tearDown() {
        logs.close();
    }

    @Test
    void aRunStartedAfterAnotherLogsItsStartWithItsOwnRun() {
        Run first = engine.trigger("people", Trigger.API).await().atMost(Duration.ofSeconds(10)).completion()
                .await().atMost(Duration.ofSeconds(30));
        Run after = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> runs("people-after", 1).stream()
                        .filter(r -> r.trigger() == Trigger.AFTER_SYNC && r.startedAt().isAfter(first.startedAt())).findFirst(),
                java.util.Optional::isPresent).orElseThrow();

        ExtLogRecord started = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> logs.records().stream()
                .filter(r -> r.getFormattedMessage().startsWith("run " + after.id() + " of sync 'people-after' started")).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
        assertThat(started.getMdc("sync")).isEqualTo("people-after");
        assertThat(started.getMdc("run")).isEqualTo(after.id());
    }

    /** The sync's latest runs, newest first, as stored in its warehouse. */
    private List<Run> runs(String slug, int limit) {
        return stores.on("default", s -> s.runs().recent(slug, limit)).await().atMost(Duration.ofSeconds(10));
    }
}
