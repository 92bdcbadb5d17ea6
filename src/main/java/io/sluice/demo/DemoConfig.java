package io.sluice.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The demo dataset ({@code sluice.demo.*}): off unless the demo profile turns it on. */
@ConfigMapping(prefix = "sluice.demo")
public interface DemoConfig {
    @WithDefault("false")
    boolean enabled();

    /** Warehouse receiving the demo tables. */
    @WithDefault("default")
    String warehouse();

    /** Rows of {@code demo.customers}. */
    @WithDefault("5000")
    int customers();
}
