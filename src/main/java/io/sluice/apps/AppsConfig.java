package io.sluice.apps;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Where user app definitions live: {@code sluice.apps.dir} (optional; shipped definitions load regardless). */
@ConfigMapping(prefix = "sluice.apps")
public interface AppsConfig {
    /** A folder of {@code *.yaml} / {@code *.yml} app definitions, read at start and on reload. */
    Optional<String> dir();
}
