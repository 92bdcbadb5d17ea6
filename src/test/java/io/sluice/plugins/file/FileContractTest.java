package io.sluice.plugins.file;

import io.sluice.plugin.AppConnection;
import io.sluice.plugin.AppPlugin;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.PluginContractTest;
import io.sluice.plugin.PluginSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin contract for the JSON Lines file plugin, writing into a temporary directory. No HTTP: nothing throttles,
 * fails transiently or refuses a record, and every record is valid; the check proves the directory can be written.
 */
class FileContractTest extends PluginContractTest {
    @TempDir
    Path tmp;

    private Path dir() {
        return tmp.resolve("out");
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.APP_IDENTIFIERS, Capability.CHECK);
    }

    @Override
    protected AppPlugin plugin() {
        return new FilePlugin();
    }

    @Override
    protected AppConnection openAgainstFake() {
        return plugin().open(new ConnectionContext("contract", new PluginSettings("contract", Map.of("dir", dir().toString(), "fsync", "false")),
                null, null));
    }

    /** A file where the directory should be: it can be neither created nor written into. */
    @Override
    protected void makeCheckFail() {
        try {
            Files.writeString(dir(), "not a directory");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
