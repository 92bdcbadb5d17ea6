package io.sluice.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Worker log lines carry the submitter's run, or none: never a run whose task ran before on the same worker. */
class WarehouseLogContextTest {
    private final Warehouse warehouse = WarehouseFactory.open("wh", "jdbc:duckdb:", Optional.empty(), Optional.empty(), Map.of(), "sluice", 1);

    @AfterEach
    void close() throws Exception {
        MDC.clear();
        warehouse.close();
    }

    @Test
    void aTaskSubmittedWithoutContextRunsWithoutTheContextOfTheRunThatCreatedTheWorker() {
        // The first task creates the (only) worker thread, which inherits the submitter's MDC.
        MDC.put("sync", "a");
        MDC.put("run", "run-a");
        assertThat(contextOnWorker()).containsEntry("sync", "a").containsEntry("run", "run-a");

        MDC.clear();
        assertThat(contextOnWorker()).isEmpty();
    }

    @Test
    void aTaskRunsWithExactlyTheSubmittersContext() {
        MDC.put("sync", "a");
        MDC.put("run", "run-a");
        contextOnWorker();

        MDC.clear();
        MDC.put("sync", "b");
        assertThat(contextOnWorker()).containsExactly(Map.entry("sync", "b"));
    }

    private Map<String, Object> contextOnWorker() {
        CompletableFuture<Map<String, Object>> seen = new CompletableFuture<>();
        warehouse.executor().execute(() -> seen.complete(MDC.getMap()));
        return seen.join();
    }
}
