package io.sluice.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Hooks the engine calls and waits for ({@code sluice.hooks.*}). */
@ConfigMapping(prefix = "sluice.hooks")
public interface HooksConfig {

    PostRun postRun();

    /** POSTed every finished run as JSON; the run is reported ended only after it answers or times out. */
    interface PostRun {
        /** Unset: no hook. */
        Optional<String> url();

        /** How long a run waits for the hook at most. */
        @WithDefault("30s")
        Duration timeout();

        /** Request headers; take secrets from the environment. */
        Map<String, String> headers();
    }
}
