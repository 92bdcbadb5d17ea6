package io.sluice.apps.tiny;

import io.sluice.apps.AppDefinitionContractTest;
import io.sluice.apps.fakes.FakeApi;
import io.sluice.plugin.Action;
import io.sluice.plugin.OutboundRecord;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/** The plugin contract for a definition that sends one request per record (create, update, delete), against {@link FakeTiny}. */
class TinyRecordsContractTest extends AppDefinitionContractTest {
    private static final FakeTiny FAKE = new FakeTiny();

    @AfterAll
    static void stopFake() {
        FAKE.close();
    }

    @Override
    protected String app() {
        return "tiny-records";
    }

    @Override
    protected String definitionText() {
        return TinyDefinitions.text(app());
    }

    @Override
    protected FakeApi fake() {
        return FAKE;
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(Capability.BATCH_SPLITTING));
    }

    /** An update of a record that was never created: its path needs the app identifier it lacks. */
    @Override
    protected OutboundRecord recordThatFailsValidation(String identifier) {
        OutboundRecord update = record(identifier, Action.UPDATE);
        return new OutboundRecord(identifier, Action.UPDATE, update.record(), update.previous(), null);
    }
}
