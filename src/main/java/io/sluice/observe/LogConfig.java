package io.sluice.observe;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the service logs ({@code sluice.log.*}). */
@ConfigMapping(prefix = "sluice.log")
public interface LogConfig {

    /** {@code text} (Quarkus' console pattern) or {@code json} (one JSON object a line, MDC under {@code mdc}). */
    @WithDefault("text")
    Format format();

    enum Format {
        TEXT, JSON
    }
}
