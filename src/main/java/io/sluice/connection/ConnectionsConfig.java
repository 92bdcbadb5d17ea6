package io.sluice.connection;

import io.smallrye.config.ConfigMapping;
import java.util.Map;

/**
 * App connections by name: {@code sluice.connections.<name>.plugin} and {@code .settings.*}. Secrets are
 * config expressions resolved from the environment ({@code settings.token=${CRM_TOKEN}}).
 */
@ConfigMapping(prefix = "sluice")
public interface ConnectionsConfig {

    Map<String, Connection> connections();

    interface Connection {
        /** The plugin kind ({@code file}, {@code webhook}, ...). */
        String plugin();

        /** Plugin-specific settings. */
        Map<String, String> settings();
    }
}
