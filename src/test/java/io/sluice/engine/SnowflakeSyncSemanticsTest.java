package io.sluice.engine;

import io.sluice.testing.SnowflakeAccount;
import io.sluice.warehouse.Warehouse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;

/**
 * The behaviour suite on a real Snowflake account, when the environment names one (see {@link SnowflakeAccount});
 * otherwise every test is reported skipped with the variables to set (an assumption, checked before each test
 * touches the warehouse). Engine tables and the test source live in a schema of this class's own,
 * {@code SLUICE_TEST_<random>}, dropped at the end.
 */
class SnowflakeSyncSemanticsTest extends SyncSemanticsSuite {
    private static Warehouse shared;
    private static String schema;

    @Override
    protected Warehouse warehouse() {
        Assumptions.assumeTrue(SnowflakeAccount.configured(), SnowflakeAccount.SKIPPED);
        if (shared == null) {
            schema = SnowflakeAccount.newSchemaName();
            SnowflakeAccount.createSchema(schema);
            shared = SnowflakeAccount.warehouse("w", schema, 4);
        }
        return shared;
    }

    /** Each statement is a round trip to the cloud; the 2500-record test commits 500 windows. */
    @Override
    protected Duration runTimeout() {
        return Duration.ofMinutes(30);
    }

    @AfterAll
    static void dropSchema() {
        if (shared != null) {
            try {
                SnowflakeAccount.dropSchema(shared, schema);
            } finally {
                shared.close();
                shared = null;
            }
        }
    }
}
