package io.sluice.testing;

import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppPlugin;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.Strategy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.Set;

/** Test plugin of kind {@code memory}: every connection is the one shared {@link #APP}. Supports all but {@code send}. */
@ApplicationScoped
public class MemoryPlugin implements AppPlugin {
    public static final MemoryApp APP = new MemoryApp();

    @Override
    public String kind() {
        return "memory";
    }

    @Override
    public Set<Strategy> supportedStrategies() {
        return EnumSet.complementOf(EnumSet.of(Strategy.SEND));
    }

    @Override
    public AppConnection open(ConnectionContext context) {
        return APP;
    }
}
