package io.sluice.apps.tiny;

import io.sluice.apps.AppDefinitionContractTest;
import io.sluice.apps.fakes.FakeApi;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/**
 * The plugin contract for a definition that upserts and archives in batches (results matched by key, per-record errors
 * apart, matched by index), against {@link FakeTiny}.
 */
class TinyBatchContractTest extends AppDefinitionContractTest {
    private static final FakeTiny FAKE = new FakeTiny();

    @AfterAll
    static void stopFake() {
        FAKE.close();
    }

    @Override
    protected String app() {
        return "tiny-batch";
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
        return EnumSet.complementOf(EnumSet.of(Capability.VALIDATE));
    }
}
