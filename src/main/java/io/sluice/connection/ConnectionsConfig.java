package io.sluice.connection;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;

/**
 * App connections by name: {@code sluice.connections.<name>.plugin} and {@code .settings.*}. Secrets are
 * config expressions resolved from the environment ({@code settings.token=${CRM_TOKEN}}).
 */
@ConfigMapping(prefix = "sluice")
public interface ConnectionsConfig {

    Map<String, Connection> connections();

    /** The connection check that {@code POST /api/v1/connections/{name}/check} runs. */
    @WithName("connection-check")
    Check check();

    interface Check {
        /** A check that has not answered after this long ends failed ({@code sluice.connection-check.timeout}). */
        @WithDefault("30s")
        Duration timeout();
    }

    interface Connection {
        /** The plugin kind ({@code file}, {@code webhook}, ...). */
        String plugin();

        /** Plugin-specific settings. */
        Map<String, String> settings();
    }
}
