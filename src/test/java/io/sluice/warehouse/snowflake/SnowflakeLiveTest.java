package io.sluice.warehouse.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.state.EngineSchema;
import io.sluice.state.Run;
import io.sluice.state.RunStore;
import io.sluice.testing.LockRace;
import io.sluice.testing.SnowflakeAccount;
import io.sluice.warehouse.Dialect;
import io.sluice.warehouse.Dialect.MappedField;
import io.sluice.warehouse.Migrator;
import io.sluice.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Snowflake dialect assumes about Snowflake itself, checked on a real account when the environment names
 * one ({@link SnowflakeAccount}); skipped otherwise. The behaviour suite ({@code SnowflakeSyncSemanticsTest}) covers
 * the engine end to end; these pin the premises: canonical record text whatever the session's own settings,
 * instants through bindings, names, unenforced keys and the run lock under a race.
 */
class SnowflakeLiveTest {
    private static final Logger LOG = Logger.getLogger(SnowflakeLiveTest.class);
    private static final String TYPED_ROW = "SELECT 42::INTEGER AS i, 12.50::NUMBER(10,2) AS d, 1.5::FLOAT AS f, TRUE AS b, 'x\"y' AS s, "
            + "'2024-01-31'::DATE AS dt, '2024-01-31 10:00:00.5 +01:00'::TIMESTAMP_TZ AS tz, '2024-01-31 10:00:00.5'::TIMESTAMP_NTZ AS ntz, "
            + "PARSE_JSON('{\"b\":1,\"a\":[1,2]}') AS v, NULL AS n";
    private static final List<String> FIELDS = List.of("b", "d", "dt", "f", "i", "n", "ntz", "s", "tz", "v");

    private static Warehouse warehouse;
    private static String schema;

    @BeforeAll
    static void open() {
        if (SnowflakeAccount.configured()) {
            schema = SnowflakeAccount.newSchemaName();
            SnowflakeAccount.createSchema(schema);
            warehouse = SnowflakeAccount.warehouse("live", schema, 2);
            Migrator.migrate(warehouse, EngineSchema.migrations(warehouse), Clock.systemUTC());
        }
    }

    @AfterAll
    static void drop() {
        if (warehouse != null) {
            try {
                SnowflakeAccount.dropSchema(warehouse, schema);
            } finally {
                warehouse.close();
            }
        }
    }

    @BeforeEach
    void requireAccount() {
        Assumptions.assumeTrue(SnowflakeAccount.configured(), SnowflakeAccount.SKIPPED);
    }

    private static String record(Connection c) throws SQLException {
        Dialect d = warehouse.dialect();
        String json = d.recordJson(FIELDS.stream().map(f -> new MappedField(f, d.quote(f))).toList());
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + json + " FROM (" + TYPED_ROW + ") AS source_rows")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void theRecordTextIsCanonicalWhateverTheSessionWasSetToBefore() throws Exception {
        String fresh = warehouse.callBlocking("record in a fresh session", SnowflakeLiveTest::record);
        String afterHostileSettings = warehouse.callBlocking("record after other settings", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("ALTER SESSION SET TIMEZONE = 'America/Los_Angeles', TIMESTAMP_TZ_OUTPUT_FORMAT = 'DY DD MON YYYY HH12:MI AM TZH', "
                        + "TIMESTAMP_NTZ_OUTPUT_FORMAT = 'MM/DD/YYYY', DATE_OUTPUT_FORMAT = 'DD.MM.YYYY'");
                for (String sql : warehouse.dialect().sessionSetup()) {
                    s.execute(sql);
                }
            }
            return record(c);
        });
        LOG.infof("Snowflake record text of the typed row: %s", fresh);
        assertThat(afterHostileSettings).isEqualTo(fresh);
        JsonNode record = new ObjectMapper().readTree(fresh);
        assertThat(record.fieldNames()).toIterable().containsExactlyElementsOf(FIELDS);
        assertThat(record.get("i").asInt()).isEqualTo(42);
        assertThat(record.get("d").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(record.get("f").asDouble()).isEqualTo(1.5);
        assertThat(record.get("b").asBoolean()).isTrue();
        assertThat(record.get("s").asText()).isEqualTo("x\"y");
        assertThat(record.get("dt").asText()).isEqualTo("2024-01-31");
        assertThat(record.get("tz").asText()).startsWith("2024-01-31");
        assertThat(record.get("ntz").asText()).startsWith("2024-01-31");
        assertThat(record.get("v").toString()).isEqualTo("{\"a\":[1,2],\"b\":1}");
        assertThat(record.get("n").isNull()).isTrue();
    }

    @Test
    void instantsSurviveBindingWhateverTheJvmZone() {
        TimeZone before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kathmandu"));
        try {
            Instant t = Instant.parse("2025-03-01T12:34:56.789Z");
            Dialect d = warehouse.dialect();
            List<Object> row = warehouse.callBlocking("binding an instant", c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT CAST(? AS TIMESTAMP_TZ) AS at, TO_VARCHAR(CAST(? AS TIMESTAMP_TZ)) AS text")) {
                    d.bindInstant(p, 1, t);
                    d.bindInstant(p, 2, t);
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                        return List.of(d.readInstant(rs, "at"), rs.getString("text"));
                    }
                }
            });
            assertThat(row).containsExactly(t, "2025-03-01T12:34:56.789+00:00");
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @Test
    void plainNamesFoldAndMixedCaseNamesMatchExactly() {
        Dialect d = warehouse.dialect();
        List<String> values = warehouse.callBlocking("names", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE OR REPLACE TEMPORARY TABLE names_probe (customer_id INTEGER, \"CustomerName\" VARCHAR)");
                s.execute("INSERT INTO names_probe VALUES (7, 'Ada')");
                try (ResultSet rs = s.executeQuery("SELECT " + d.quote("customer_id") + ", " + d.quote("CustomerName") + " FROM "
                        + d.quote("names_probe"))) {
                    rs.next();
                    return List.of(rs.getString(1), rs.getString(2));
                }
            }
        });
        assertThat(values).containsExactly("7", "Ada");
    }

    /** The premise of the lock protocol: a declared primary key does not stop a duplicate. */
    @Test
    void primaryKeysAreNotEnforced() {
        long rows = warehouse.callBlocking("duplicate keys", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE OR REPLACE TEMPORARY TABLE pk_probe (k VARCHAR NOT NULL PRIMARY KEY)");
                s.execute("INSERT INTO pk_probe VALUES ('a'), ('a')");
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pk_probe")) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        assertThat(rows).isEqualTo(2);
    }

    @Test
    void replicasRacingForTheLockNeverBothWin() throws Exception {
        int replicas = 3;
        List<Warehouse> others = new ArrayList<>();
        try {
            List<RunStore> stores = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                Warehouse w = SnowflakeAccount.warehouse("replica-" + i, schema, 1);
                others.add(w);
                stores.add(new RunStore(w));
            }
            try (LockRace race = new LockRace(stores, Duration.ofSeconds(120))) {
                for (int round = 0; round < 5; round++) {
                    String sync = "raced-" + round;
                    List<Run> winners = race.round(sync, Instant.now(), Duration.ofMinutes(5)).stream().filter(r -> r.started() != null)
                            .map(RunStore.StartResult::started).toList();
                    assertThat(winners).as("round %d", round).hasSizeLessThanOrEqualTo(1);
                    assertThat(new RunStore(warehouse).recent(sync, 10)).extracting(Run::id).isEqualTo(winners.stream().map(Run::id).toList());
                }
            }
        } finally {
            others.forEach(Warehouse::close);
        }
    }
}
