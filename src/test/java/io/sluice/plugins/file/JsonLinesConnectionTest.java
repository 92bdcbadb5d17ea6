package io.sluice.plugins.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sluice.plugin.Action;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.SyncTarget;
import io.sluice.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file plugin answers in the SPI's terms: what is wrong with the target or the disk is an outcome, not a plugin bug. */
class JsonLinesConnectionTest {
    private static final List<OutboundRecord> RECORDS = List.of(
            new OutboundRecord("a", Action.CREATE, JsonNodeFactory.instance.objectNode().put("v", 1), null, null),
            new OutboundRecord("b", Action.CREATE, JsonNodeFactory.instance.objectNode().put("v", 2), null, null));

    @TempDir
    Path dir;

    @Test
    void writesEveryRecordAsALineAndSucceeds() throws Exception {
        List<RecordOutcome> outcomes = send(new JsonLinesConnection(dir, false, MutableClock.atDefaultStart()), "people");
        assertThat(outcomes).extracting(RecordOutcome::status).containsOnly(RecordOutcome.Status.SUCCESS);
        assertThat(Files.readAllLines(dir.resolve("people.jsonl"))).hasSize(2);
    }

    @Test
    void anUnsafeTargetNameRejectsEveryRecordWithTheReason() {
        List<RecordOutcome> outcomes = send(new JsonLinesConnection(dir, false, MutableClock.atDefaultStart()), "../escape");
        assertThat(outcomes).extracting(RecordOutcome::identifier).containsExactly("a", "b");
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(RecordOutcome.Status.REJECTED);
            assertThat(o.result().path("error").asText()).contains("'../escape' is not a safe file name");
        });
    }

    @Test
    void aWriteThatFailsIsTransientForEveryRecord() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("taken"), "a file where the directory should be");
        List<RecordOutcome> outcomes = send(new JsonLinesConnection(notADirectory, false, MutableClock.atDefaultStart()), "people");
        assertThat(outcomes).extracting(RecordOutcome::identifier).containsExactly("a", "b");
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(RecordOutcome.Status.TRANSIENT);
            assertThat(o.result().path("error").asText()).startsWith("cannot write ");
        });
    }

    private static List<RecordOutcome> send(JsonLinesConnection connection, String object) {
        return connection.send(new SendBatch(new SyncTarget("people", object, Strategy.UPSERT, Map.of()), RECORDS))
                .await().atMost(Duration.ofSeconds(10));
    }
}
