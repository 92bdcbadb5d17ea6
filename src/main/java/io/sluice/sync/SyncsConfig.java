package io.sluice.sync;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where sync files live ({@code sluice.syncs.*}). */
@ConfigMapping(prefix = "sluice.syncs")
public interface SyncsConfig {
    /** Folder of sync files ({@code *.yaml} / {@code *.yml}), one sync per file. */
    @WithDefault("syncs")
    String dir();

    /** A run's time limit when the sync file does not set {@code time-limit}. */
    @WithDefault("4h")
    java.time.Duration defaultTimeLimit();
}
