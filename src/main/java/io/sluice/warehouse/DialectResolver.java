package io.sluice.warehouse;

import io.sluice.warehouse.duckdb.DuckDbDialect;
import io.sluice.warehouse.postgres.PostgresDialect;
import io.sluice.warehouse.snowflake.SnowflakeDialect;
import java.util.List;
import java.util.stream.Collectors;

/** Picks the dialect for a JDBC URL, failing fast with the URL's scheme and the supported ones. */
public final class DialectResolver {
    private static final List<Dialect> DIALECTS = List.of(new DuckDbDialect(), new PostgresDialect(), new SnowflakeDialect());

    private DialectResolver() {
    }

    public static Dialect resolve(String warehouse, String jdbcUrl) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new WarehouseConfigException("warehouse '" + warehouse + "': 'url' is required");
        }
        return DIALECTS.stream().filter(d -> d.accepts(jdbcUrl)).findFirst()
                .orElseThrow(() -> new WarehouseConfigException("warehouse '" + warehouse + "': no dialect for JDBC URL scheme '"
                        + scheme(jdbcUrl) + "'; supported: "
                        + DIALECTS.stream().map(Dialect::name).collect(Collectors.joining(", "))));
    }

    private static String scheme(String url) {
        String[] parts = url.split(":", 3);
        return parts.length >= 2 ? parts[0] + ":" + parts[1] : url;
    }
}
