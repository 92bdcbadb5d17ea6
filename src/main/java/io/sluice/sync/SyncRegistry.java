package io.sluice.sync;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.sluice.connection.Connections;
import io.sluice.plugin.AppPlugin;
import io.sluice.plugin.support.TemplateException;
import io.sluice.plugin.support.TemplateRenderer;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.WarehouseException;
import io.sluice.warehouse.Warehouses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The loaded syncs. Reads every sync file in the configured folder, parses it, and checks what a file cannot
 * check alone: the warehouse and connection exist, the plugin supports the strategy, the batch size fits the
 * plugin, the template parses, the cron expression is valid, the slug is unique; on reload and in
 * {@link #validate}, also the source against its warehouse ({@link SourceChecks}). A bad file is reported
 * (file, field, reason) and skipped; the others load.
 */
@ApplicationScoped
public class SyncRegistry {
    private static final Logger LOG = Logger.getLogger(SyncRegistry.class);
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final Warehouses warehouses;
    private final Connections connections;
    private final SyncFileParser parser;
    private final Path dir;
    private final Event<SyncReload> reloads;
    private volatile Map<String, SyncDefinition> syncs = Map.of();
    private volatile List<SyncProblem> rejected = List.of();

    /** Loads the sync folder; {@code reloads} is told of every {@link #reload()}. */
    @Inject
    public SyncRegistry(SyncsConfig config, Warehouses warehouses, Connections connections, Event<SyncReload> reloads) {
        this(Path.of(config.dir()), warehouses, connections, config.defaultTimeLimit(), reloads);
    }

    SyncRegistry(Path dir, Warehouses warehouses, Connections connections, Duration defaultTimeLimit, Event<SyncReload> reloads) {
        this.dir = dir;
        this.warehouses = warehouses;
        this.connections = connections;
        this.parser = new SyncFileParser(defaultTimeLimit);
        this.reloads = reloads;
        Scan scan = scan(dir, Map.of(), false);
        Map<String, SyncDefinition> loaded = new TreeMap<>(scan.loaded());
        List<SyncProblem> problems = new ArrayList<>(scan.problems());
        dropAfterMissing(loaded, problems);
        install(loaded, problems);
    }

    /**
     * Re-reads the folder and reports what changed. A file that is now rejected but held a sync before keeps
     * that sync's previous definition running (reported under {@code kept}): a typo must not silently stop a
     * production sync. A file that is gone removes its sync. Observers of {@link SyncReload} (the cron schedules)
     * are told before the next reload can start.
     */
    public synchronized SyncReload reload() {
        Map<String, SyncDefinition> before = syncs;
        Scan scan = scan(dir, before, true);
        Map<String, SyncDefinition> next = new TreeMap<>(scan.loaded());
        java.util.Set<String> rejectedFiles = new java.util.HashSet<>();
        scan.problems().forEach(p -> rejectedFiles.add(p.file()));
        List<String> kept = new ArrayList<>();
        for (SyncDefinition old : before.values()) {
            if (rejectedFiles.contains(old.file()) && !next.containsKey(old.slug())) {
                next.put(old.slug(), old);
                kept.add(old.slug());
            }
        }
        List<SyncProblem> problems = new ArrayList<>(scan.problems());
        dropAfterMissing(next, problems);
        kept.removeIf(slug -> !next.containsKey(slug));
        kept.forEach(slug -> LOG.warnf("sync '%s': %s was rejected; the previous definition stays in force", slug, next.get(slug).file()));
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        int unchanged = 0;
        for (SyncDefinition s : next.values()) {
            SyncDefinition old = before.get(s.slug());
            if (old == null) {
                added.add(s.slug());
            } else if (!old.equals(s)) {
                changed.add(s.slug());
            } else {
                unchanged++;
            }
        }
        List<String> removed = before.keySet().stream().filter(slug -> !next.containsKey(slug)).sorted().toList();
        install(next, problems);
        LOG.infof("sync files reloaded: %d added, %d changed, %d removed, %d unchanged, %d rejected", added.size(), changed.size(),
                removed.size(), unchanged, rejected.size());
        SyncReload reload = new SyncReload(added, changed, removed, unchanged, rejected, kept);
        reloads.fire(reload);
        return reload;
    }

    /**
     * Checks {@code folder} as a reload would check the sync folder, the warehouse checks included
     * ({@link SourceChecks}), and loads nothing: what {@code validate} reports.
     */
    public Validation validate(Path folder) {
        Scan scan = scan(folder, Map.of(), true);
        Map<String, SyncDefinition> loaded = new TreeMap<>(scan.loaded());
        List<SyncProblem> problems = new ArrayList<>(scan.problems());
        dropAfterMissing(loaded, problems);
        return new Validation(loaded.size(), problems, scan.unreachable());
    }

    /**
     * What {@link #validate} found.
     *
     * @param valid       how many syncs would load
     * @param problems    every problem, file by file
     * @param unreachable warehouses that could not be reached (name to error), whose syncs were checked without them
     */
    public record Validation(int valid, List<SyncProblem> problems, Map<String, String> unreachable) {
        public Validation {
            problems = List.copyOf(problems);
            unreachable = Map.copyOf(unreachable);
        }
    }

    private record Scan(Map<String, SyncDefinition> loaded, List<SyncProblem> problems, Map<String, String> unreachable) {
    }

    /**
     * Parses every file and checks each sync. Two files with one slug: the file that already holds the sync in
     * {@code running} keeps it (a copied file must not silently repoint a running sync); when none does (first
     * start, or a new slug), the first file by name keeps it. The other file is rejected, naming both. With
     * {@code checkSources}, a new or changed sync is also checked against its warehouse, so that a sync that would
     * fail its first run (missing table or column, an expression that does not compile) is rejected; a warehouse
     * that cannot be reached skips these checks (they say nothing about the sync then).
     */
    private Scan scan(Path folder, Map<String, SyncDefinition> running, boolean checkSources) {
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
    private static void dropAfterMissing(Map<String, SyncDefinition> loaded, List<SyncProblem> problems) {
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

    private void install(Map<String, SyncDefinition> loaded, List<SyncProblem> problems) {
        this.syncs = Map.copyOf(loaded);
        this.rejected = List.copyOf(problems);
        problems.forEach(p -> LOG.errorf("sync file rejected: %s", p));
        LOG.infof("loaded %d sync(s) from %s%s", loaded.size(), dir.toAbsolutePath(), problems.isEmpty() ? "" : "; " + problems.size() + " problem(s)");
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

    public Optional<SyncDefinition> find(String slug) {
        return Optional.ofNullable(syncs.get(slug));
    }

    public Collection<SyncDefinition> all() {
        return syncs.values();
    }

    public List<SyncProblem> rejected() {
        return rejected;
    }
}
