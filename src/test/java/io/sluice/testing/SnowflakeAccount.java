package io.sluice.testing;

import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseFactory;
import java.security.SecureRandom;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A real Snowflake account for the live tests, described by the environment; without it those tests are
 * reported skipped with {@link #SKIPPED}.
 *
 * <pre>
 * SNOWFLAKE_ACCOUNT            account identifier (myorg-myaccount, or xy12345.eu-west-1), or the full host name
 * SNOWFLAKE_USER               login name
 * SNOWFLAKE_PASSWORD           password, or instead:
 * SNOWFLAKE_PRIVATE_KEY_FILE   PKCS#8 PEM private key of the user (key-pair authentication)
 * SNOWFLAKE_PRIVATE_KEY_PASSWORD  passphrase of that key, when it is encrypted (optional)
 * SNOWFLAKE_WAREHOUSE          virtual warehouse running the queries
 * SNOWFLAKE_DATABASE           database in which the test schema is created
 * SNOWFLAKE_ROLE               role (optional; the user's default role otherwise)
 * </pre>
 *
 * Each test class works in a schema of its own, {@code SLUICE_TEST_<random>}, created by {@link #createSchema} and
 * dropped with everything in it by {@link #dropSchema}. Its warehouses use that schema as the session's current
 * schema, so unqualified names in test SQL ({@code people}, {@code ALTER TABLE ... RENAME TO x}) stay inside it.
 */
public final class SnowflakeAccount {
    public static final String SKIPPED = "Snowflake live suite skipped: set SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER, SNOWFLAKE_PASSWORD or "
            + "SNOWFLAKE_PRIVATE_KEY_FILE, SNOWFLAKE_WAREHOUSE, SNOWFLAKE_DATABASE (optional SNOWFLAKE_ROLE) to run it against a real account";

    private SnowflakeAccount() {
    }

    /** Whether the environment describes an account (the condition of every live test). */
    public static boolean configured() {
        return env("SNOWFLAKE_ACCOUNT").isPresent() && env("SNOWFLAKE_USER").isPresent()
                && (env("SNOWFLAKE_PASSWORD").isPresent() || env("SNOWFLAKE_PRIVATE_KEY_FILE").isPresent())
                && env("SNOWFLAKE_WAREHOUSE").isPresent() && env("SNOWFLAKE_DATABASE").isPresent();
    }

    /** A fresh schema name for one test class. */
    public static String newSchemaName() {
        byte[] random = new byte[5];
        new SecureRandom().nextBytes(random);
        return "SLUICE_TEST_" + HexFormat.of().formatHex(random).toUpperCase(Locale.ROOT);
    }

    public static String jdbcUrl() {
        String account = env("SNOWFLAKE_ACCOUNT").orElseThrow();
        String host = account.endsWith(".snowflakecomputing.com") ? account : account + ".snowflakecomputing.com";
        return "jdbc:snowflake://" + host + "/";
    }

    /** Creates the schema (through a short-lived warehouse without a current schema). */
    public static void createSchema(String schema) {
        try (Warehouse setup = open("setup", schema, Map.of())) {
            setup.callBlocking("creating test schema " + schema, c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS " + setup.dialect().quote(schema));
                }
                return null;
            });
        }
    }

    /** A warehouse whose engine schema and current schema are {@code schema} (which must exist). */
    public static Warehouse warehouse(String name, String schema, int poolSize) {
        return open(name, schema, Map.of("schema", schema), poolSize);
    }

    public static void dropSchema(Warehouse w, String schema) {
        w.callBlocking("dropping test schema " + schema, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + w.dialect().quote(schema) + " CASCADE");
            }
            return null;
        });
    }

    private static Warehouse open(String name, String engineSchema, Map<String, String> extra) {
        return open(name, engineSchema, extra, 1);
    }

    private static Warehouse open(String name, String engineSchema, Map<String, String> extra, int poolSize) {
        Map<String, String> props = new LinkedHashMap<>(extra);
        props.put("warehouse", env("SNOWFLAKE_WAREHOUSE").orElseThrow());
        props.put("db", env("SNOWFLAKE_DATABASE").orElseThrow());
        env("SNOWFLAKE_ROLE").ifPresent(r -> props.put("role", r));
        env("SNOWFLAKE_PRIVATE_KEY_FILE").ifPresent(f -> props.put("private_key_file", f));
        env("SNOWFLAKE_PRIVATE_KEY_PASSWORD").ifPresent(p -> props.put("private_key_pwd", p));
        Optional<String> password = env("SNOWFLAKE_PRIVATE_KEY_FILE").isPresent() ? Optional.empty() : env("SNOWFLAKE_PASSWORD");
        return WarehouseFactory.open(name, jdbcUrl(), env("SNOWFLAKE_USER"), password, props, engineSchema, poolSize);
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }
}
