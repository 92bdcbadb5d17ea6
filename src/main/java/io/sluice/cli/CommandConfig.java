package io.sluice.cli;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Set by the command line ({@link SluiceMain}), not by users: which command this process runs. */
@ConfigMapping(prefix = "sluice.command")
public interface CommandConfig {
    /** The property {@link ValidateCommand} sets. */
    String VALIDATE_PROPERTY = "sluice.command.validate";

    /**
     * {@code true} while {@code validate} runs: start-up work that belongs to the service (engine schema migration,
     * ending abandoned runs, cron schedules) stands aside.
     */
    @WithDefault("false")
    boolean validate();
}
