package io.sluice.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The demo dataset ({@code sluice.demo.*}): off unless the dev or demo profile turns it on. */
@ConfigMapping(prefix = "sluice.demo")
public interface DemoConfig {
    @WithDefault("false")
    boolean enabled();

    /** DuckDB warehouse that writes the demo file. */
    @WithDefault("default")
    String warehouse();

    /** The demo source: a CSV file the demo syncs read with DuckDB's {@code read_csv}; edit it to see changes sync. */
    @WithDefault("target/demo/customers.csv")
    String csv();

    /** Rows generated into the CSV. */
    @WithDefault("5000")
    int customers();
}
