package io.sluice.warehouse;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/**
 * Warehouses by name: {@code sluice.warehouses.<name>.*}. Secrets (password, private key) come from the
 * environment through config expressions, e.g. {@code password=${WAREHOUSE_PASSWORD}}.
 */
@ConfigMapping(prefix = "sluice")
public interface WarehouseConfig {

    Map<String, Settings> warehouses();

    interface Settings {
        /** JDBC URL; its scheme picks the dialect ({@code jdbc:duckdb:}, {@code jdbc:postgresql:}, {@code jdbc:snowflake:}). */
        String url();

        Optional<String> user();

        Optional<String> password();

        /** Schema holding the engine's tables (record state, history, runs, locks) in this warehouse. */
        @WithDefault("sluice")
        String engineSchema();

        /** Connections, and worker threads running blocking JDBC off the event loop. */
        @WithDefault("4")
        int poolSize();

        /**
         * Extra JDBC driver properties. Snowflake: {@code role}, {@code warehouse}, {@code db}, {@code schema}, and for
         * key-pair authentication {@code private_key_file} or {@code private_key_base64} with {@code private_key_pwd};
         * checked at start by {@code SnowflakeConnectionProperties}.
         */
        Map<String, String> properties();
    }
}
