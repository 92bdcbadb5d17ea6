package io.sluice.plugins.file;

import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppPlugin;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.Strategy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes records as JSON Lines files, one file per target object: a destination for teams that hand files
 * to other systems, and the demo's destination. Settings: {@code dir} (required), {@code fsync} (default true).
 */
@ApplicationScoped
public class FilePlugin implements AppPlugin {

    @Override
    public String kind() {
        return "file";
    }

    @Override
    public Set<Strategy> supportedStrategies() {
        return EnumSet.allOf(Strategy.class);
    }

    @Override
    public AppConnection open(ConnectionContext context) {
        Path dir = Path.of(context.settings().required("dir"));
        boolean fsync = Boolean.parseBoolean(context.settings().get("fsync", "true"));
        return new JsonLinesConnection(dir, fsync, context.clock());
    }
}
