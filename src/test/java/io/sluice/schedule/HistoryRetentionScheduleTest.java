package io.sluice.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The service prunes every configured warehouse on its own, every prune-interval, and counts it per warehouse. */
@QuarkusTest
@TestProfile(HistoryRetentionScheduleTest.EverySecond.class)
class HistoryRetentionScheduleTest {

    public static class EverySecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sluice.history.prune-interval", "1s");
        }
    }

    @Inject
    MeterRegistry registry;

    @Test
    void theScheduledJobPrunesTheConfiguredWarehouse() {
        // the counter of a warehouse is registered by its first prune, pruned rows or not
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(registry.find(HistoryRetention.PRUNED).tag("warehouse", "default").counter()).isNotNull());
    }
}
