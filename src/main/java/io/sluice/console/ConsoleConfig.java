package io.sluice.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The console's sessions: {@code sluice.console.*}. */
@ConfigMapping(prefix = "sluice.console")
public interface ConsoleConfig {

    /** A session unused this long asks for the token again. */
    @WithDefault("8h")
    Duration sessionTimeout();

    /** At most this many sessions are kept (per replica); opening one more ends the one unused the longest. */
    @WithDefault("1000")
    int maxSessions();
}
