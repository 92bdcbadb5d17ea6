package io.sluice.sync;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.sluice.connection.Connections;
import io.sluice.plugin.AppPlugin;
import io.sluice.template.TemplateException;
import io.sluice.template.TemplateRenderer;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseException;
import io.sluice.warehouse.Warehouses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Reads a folder of sync files and checks every sync: what a file cannot check alone (the warehouse and connection
 * exist, the plugin supports the strategy, the batch size fits the plugin, the template parses, the cron expression
 * is valid, the slug is unique, {@code after} names a sync) and, when asked, the source against its warehouse
 * ({@link SourceChecks}). The same checks for the service's start and reload ({@link SyncRegistry}) and for
 * {@code validate}.
 */
final class SyncFolder {
    private static final Logger LOG = Logger.getLogger(SyncFolder.class);
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final Warehouses warehouses;
    private final Connections connections;
    private final SyncFileParser parser;

    SyncFolder(Warehouses warehouses, Connections connections, Duration defaultTimeLimit) {
        this.warehouses = warehouses;
        this.connections = connections;
        this.parser = new SyncFileParser(defaultTimeLimit);
    }

    /**
     * What a folder holds.
     *
     * @param loaded      the syncs that pass every check, by slug
     * @param problems    every problem of the other files
     * @param unreachable warehouses that could not be reached (name to error), whose sources were not checked
     */
    record Scan(Map<String, SyncDefinition> loaded, List<SyncProblem> problems, Map<String, String> unreachable) {
    }

    /**
     * Parses every file and checks each sync. Two files with one slug: the file that already holds the sync in
     * {@code running} keeps it (a copied file must not silently repoint a running sync); when none does (first
     * start, or a new slug), the first file by name keeps it. The other file is rejected, naming both. With
     * {@code checkSources}, a new or changed sync is also checked against its warehouse, so that a sync that would
     * fail its first run (missing table or column, an expression that does not compile) is rejected; a warehouse
     * that cannot be reached skips these checks (they say nothing about the sync then).
     */
    Scan scan(Path folder, Map<String, SyncDefinition> running, boolean checkSources) {
        Map<String, List<SyncDefinition>> bySlug = new LinkedHashMap<>();
        List<SyncProblem> problems = new ArrayList<>();
        for (Path file : files(folder)) {
            String name = file.toString();
            try {
                SyncDefinition sync = parser.parse(name, Files.readString(file, StandardCharsets.UTF_8));
                bySlug.computeIfAbsent(sync.slug(), slug -> new ArrayList<>()).add(sync);
            } catch (SyncFileException e) {
                problems.addAll(e.problems());
            } catch (IOException e) {
                problems.add(new SyncProblem(name, null, "cannot be read: " + e.getMessage()));
            }
        }
        Map<String, SyncDefinition> loaded = new TreeMap<>();
        Map<String, String> unreachable = new TreeMap<>();
        for (List<SyncDefinition> same : bySlug.values()) {
            SyncDefinition holder = running.get(same.get(0).slug());
            SyncDefinition kept = same.stream().filter(s -> holder != null && s.file().equals(holder.file())).findFirst().orElse(same.get(0));
            same.stream().filter(s -> s != kept).forEach(s -> problems.add(new SyncProblem(s.file(), "slug", "'" + s.slug()
                    + "' is already the slug of " + kept.file() + ", which keeps the sync; each sync file needs a slug of its own")));
            List<SyncProblem> refs = checkReferences(kept);
            if (refs.isEmpty() && checkSources && !kept.equals(running.get(kept.slug()))) {
                refs = checkSource(kept, unreachable);
            }
            if (refs.isEmpty()) {
                loaded.put(kept.slug(), kept);
            } else {
                problems.addAll(refs);
            }
        }
        return new Scan(loaded, problems, unreachable);
    }

    private List<SyncProblem> checkSource(SyncDefinition sync, Map<String, String> unreachable) {
        Warehouse warehouse = warehouses.get(sync.source().warehouse());
        if (unreachable.containsKey(warehouse.name())) {
            return List.of();
        }
        try {
            return SourceChecks.check(warehouse, sync);
        } catch (WarehouseException e) {
            unreachable.put(warehouse.name(), e.getMessage());
            LOG.warnf("warehouse '%s' cannot be reached, so sync sources are not checked against it: %s", warehouse.name(), e.getMessage());
            return List.of();
        }
    }

    /**
     * Drops every sync that runs after a sync not in {@code loaded}, with a problem for its file. Repeats until a pass
     * drops nothing, since dropping one sync breaks the syncs that run after it.
     */
    static void dropAfterMissing(Map<String, SyncDefinition> loaded, List<SyncProblem> problems) {
        boolean dropped;
        do {
            dropped = false;
            for (SyncDefinition s : List.copyOf(loaded.values())) {
                List<String> missing = s.after().stream().filter(upstream -> !loaded.containsKey(upstream)).toList();
                missing.forEach(upstream -> problems.add(new SyncProblem(s.file(), "after", "no sync with slug '" + upstream + "'")));
                if (!missing.isEmpty()) {
                    loaded.remove(s.slug());
                    dropped = true;
                }
            }
        } while (dropped);
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            LOG.warnf("sync folder %s does not exist; no syncs loaded", dir.toAbsolutePath());
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list sync folder " + dir.toAbsolutePath(), e);
        }
    }

    private List<SyncProblem> checkReferences(SyncDefinition s) {
        List<SyncProblem> p = new ArrayList<>();
        if (warehouses.find(s.source().warehouse()).isEmpty()) {
            p.add(new SyncProblem(s.file(), "source.warehouse", "no warehouse named '" + s.source().warehouse() + "' is configured"));
        }
        Optional<Connections.Opened> connection = connections.find(s.target().connection());
        if (connection.isEmpty()) {
            p.add(new SyncProblem(s.file(), "target.connection", "no connection named '" + s.target().connection()
                    + "' is configured; configured: " + connections.names()));
        } else if (connections.problem(s.target().connection()).isPresent()) {
            p.add(new SyncProblem(s.file(), "target.connection", "connection '" + s.target().connection() + "' cannot be used: "
                    + connections.problem(s.target().connection()).get()));
        } else {
            AppPlugin plugin = connection.get().plugin();
            if (!plugin.supportedStrategies().contains(s.strategy())) {
                p.add(new SyncProblem(s.file(), "strategy", "plugin '" + plugin.kind() + "' (connection '" + s.target().connection()
                        + "') does not support strategy '" + s.strategy().id() + "'"));
            }
            int max = connection.get().connection().maxBatchSize();
            if (s.tuning().batchSize() != null && s.tuning().batchSize() > max) {
                p.add(new SyncProblem(s.file(), "tuning.batch-size", s.tuning().batchSize() + " is above plugin '" + plugin.kind()
                        + "''s maximum of " + max));
            }
        }
        if (s.template() != null) {
            try {
                new TemplateRenderer().compile(s.slug(), s.template());
            } catch (TemplateException e) {
                p.add(new SyncProblem(s.file(), "template", e.getMessage()));
            }
        }
        if (s.schedule() != null) {
            try {
                CRON.parse(s.schedule()).validate();
            } catch (IllegalArgumentException e) {
                p.add(new SyncProblem(s.file(), "schedule", "'" + s.schedule() + "' is not a unix cron expression (minute hour day month weekday): "
                        + e.getMessage()));
            }
        }
        return p;
    }
}
