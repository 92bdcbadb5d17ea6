package io.sluice.apps.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.apps.AppDefinitionContractTest;
import io.sluice.apps.fakes.FakeApi;
import io.sluice.plugin.Action;
import io.sluice.plugin.AppUnavailableException;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.SyncTarget;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code slack} definition against {@link FakeSlack}. Slack only sends: every record of the suite is a
 * {@code SEND} of a message to the channel named like the record (so that a rejected identifier is a channel Slack
 * does not find), whatever strategy a test names.
 */
class SlackContractTest extends AppDefinitionContractTest {
    private static FakeSlack slack;

    @BeforeAll
    static void start() {
        slack = new FakeSlack();
    }

    @AfterAll
    static void stop() {
        slack.close();
    }

    @Override
    protected String app() {
        return "slack";
    }

    @Override
    protected FakeApi fake() {
        return slack;
    }

    /**
     * Missing: BATCH_SPLITTING (one message per request: Slack has no batch posting); VALIDATE (a message has nothing
     * the definition can check without asking Slack). CHECK: Slack refuses a token with HTTP 200 and {"ok": false},
     * which the check's success-when reads.
     */
    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(Capability.BATCH_SPLITTING, Capability.VALIDATE));
    }

    @Override
    protected SyncTarget target(Strategy strategy) {
        return super.target(Strategy.SEND);
    }

    @Override
    protected OutboundRecord record(String identifier, Action action) {
        return new OutboundRecord(identifier, Action.SEND, message(identifier).put("channel", identifier), null, null);
    }

    @Test
    void aRecordWithoutAChannelGoesToTheConnectionsChannel() {
        OutboundRecord record = new OutboundRecord("nochan-1", Action.SEND, message("nochan-1"), null, null);

        List<RecordOutcome> outcomes = connection().send(new SendBatch(target(Strategy.SEND), List.of(record))).await().atMost(WAIT);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.success()).as("%s", o.result()).isTrue();
            assertThat(o.appIdentifier()).as("the message's ts").matches("\\d+\\.\\d{6}");
        });
        assertThat(slack.messages()).singleElement().satisfies(m -> {
            assertThat(m.path("channel").asText()).isEqualTo(FakeSlack.CHANNEL);
            assertThat(m.path("text").asText()).isEqualTo("Deploy of nochan-1 finished");
        });
    }

    @Test
    void blocksAndThreadTsAreSentAsSlackExpectsThem() {
        ObjectNode fields = message("blk-1");
        fields.putArray("blocks").addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", "*done*");
        fields.put("thread_ts", "1767225600.000001");

        List<RecordOutcome> outcomes = connection().send(new SendBatch(target(Strategy.SEND),
                List.of(new OutboundRecord("blk-1", Action.SEND, fields, null, null)))).await().atMost(WAIT);

        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.success()).as("%s", o.result()).isTrue());
        assertThat(slack.messages()).singleElement().satisfies(m -> {
            assertThat(m.path("blocks").isArray()).as("blocks as a JSON array: %s", m).isTrue();
            assertThat(m.path("blocks").get(0).path("text").path("text").asText()).isEqualTo("*done*");
            assertThat(m.path("thread_ts").asText()).isEqualTo("1767225600.000001");
        });
    }

    @Test
    void anOkFalseAnswerRejectsTheRecordWithSlacksErrorCode() {
        OutboundRecord empty = new OutboundRecord("empty-1", Action.SEND, JsonNodeFactory.instance.objectNode().put("channel", "C0EMPTY"), null, null);

        List<RecordOutcome> outcomes = connection().send(new SendBatch(target(Strategy.SEND), List.of(empty))).await().atMost(WAIT);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).as("%s", o.result()).isEqualTo(RecordOutcome.Status.REJECTED);
            assertThat(o.result().path("error").asText()).isEqualTo("no_text");
        });
    }

    @Test
    void aRevokedTokenMakesTheConnectionUnavailableThoughSlackAnswers200() {
        slack.failNext("token_revoked");

        Throwable failure = catchThrowable(() -> connection().send(new SendBatch(target(Strategy.SEND), List.of(record("revoked-1", Action.SEND))))
                .await().atMost(WAIT));

        assertThat(failure).isInstanceOf(AppUnavailableException.class).hasMessageContaining("token_revoked")
                .hasMessageNotContaining(FakeSlack.TOKEN);
    }

    @Test
    void anInternalErrorIsTransientNotARejection() {
        slack.failNext("internal_error");

        List<RecordOutcome> outcomes = connection().send(new SendBatch(target(Strategy.SEND), List.of(record("busy-1", Action.SEND)))).await().atMost(WAIT);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).as("%s", o.result()).isEqualTo(RecordOutcome.Status.TRANSIENT);
            assertThat(o.result().path("error").asText()).contains("internal_error");
        });
        assertThat(slack.messages()).as("nothing posted yet").isEmpty();
    }

    private static ObjectNode message(String identifier) {
        return JsonNodeFactory.instance.objectNode().put("text", "Deploy of " + identifier + " finished");
    }
}
