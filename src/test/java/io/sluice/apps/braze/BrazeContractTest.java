package io.sluice.apps.braze;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.apps.AppDefinitionContractTest;
import io.sluice.apps.fakes.FakeApi;
import io.sluice.plugin.Action;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.Strategy;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code braze} definition against {@link FakeBraze}: users tracked in batches of 75 attribute objects,
 * refused objects matched to their records by index, deletes by external id.
 */
class BrazeContractTest extends AppDefinitionContractTest {
    private static final FakeBraze BRAZE = new FakeBraze();

    @AfterAll
    static void stop() {
        BRAZE.close();
    }

    @BeforeEach
    void useTheConnectionsClock() {
        // X-RateLimit-Reset is an epoch time: the fake reads the connection's manual clock
        BRAZE.clock(this::now);
    }

    @Override
    protected String app() {
        return "braze";
    }

    @Override
    protected FakeApi fake() {
        return BRAZE;
    }

    /**
     * Everything but APP_IDENTIFIERS (Track Users and User Delete answer counts, never a user id: the user's id is the
     * sync's own external_id) and VALIDATE (what Braze refuses, it says per object in its answer).
     */
    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(Capability.APP_IDENTIFIERS, Capability.VALIDATE));
    }

    @Test
    void anObjectBrazeRefusesFailsWithBrazesReasonFoundByItsIndex() {
        List<OutboundRecord> records = records("idx", 4, Action.CREATE);
        rejectInFake("idx-3");

        Map<String, RecordOutcome> byId = byIdentifier(sendInBatches(Strategy.UPSERT, records, 75));

        assertThat(BRAZE.requests()).as("one Track Users request").isEqualTo(1);
        assertThat(byId.get("idx-3").success()).isFalse();
        assertThat(byId.get("idx-3").result().toString()).contains("must be a valid email address");
        assertThat(byId.values()).filteredOn(RecordOutcome::success).hasSize(3);
        assertThat(BRAZE.user("idx-4")).as("the object after the refused one").isNotNull();
    }

    @Test
    void deletesNameUsersByExternalIdAtMostFiftyPerRequest() {
        List<OutboundRecord> creates = records("del", 60, Action.CREATE);
        sendInBatches(Strategy.UPSERT, creates, 75);
        List<OutboundRecord> deletes = records("del", 60, Action.DELETE);

        List<RecordOutcome> outcomes = sendInBatches(Strategy.MIRROR, deletes, 75);

        assertThat(outcomes).hasSize(60).allSatisfy(o -> assertThat(o.success()).as("%s: %s", o.identifier(), o.result()).isTrue());
        List<Integer> sizes = BRAZE.seen().stream().filter(r -> r.path().equals("/users/delete"))
                .map(r -> r.json().get("external_ids").size()).toList();
        assertThat(sizes).as("external ids in each /users/delete").hasSize(2)
                .allSatisfy(n -> assertThat(n).isBetween(1, FakeBraze.DELETE_MAX));
        assertThat(BRAZE.user("del-1")).isNull();
        assertThat(BRAZE.user("del-60")).isNull();
    }

    @Test
    void aRequestWhoseObjectsAreAllRefusedIsSplitAndEachRecordFailsWithBrazesReason() {
        List<OutboundRecord> records = records("bad", 2, Action.CREATE);
        rejectInFake("bad-1");
        rejectInFake("bad-2");

        List<RecordOutcome> outcomes = sendInBatches(Strategy.UPSERT, records, 75);

        assertThat(outcomes).hasSize(2).allSatisfy(o -> {
            assertThat(o.status()).as("%s: %s", o.identifier(), o.result()).isEqualTo(RecordOutcome.Status.REJECTED);
            assertThat(o.result().toString()).contains("must be a valid email address");
        });
    }
}
