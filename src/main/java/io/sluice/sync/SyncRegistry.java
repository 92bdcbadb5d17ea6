package io.sluice.sync;

import io.sluice.connection.Connections;
import io.sluice.warehouse.Warehouses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The loaded syncs: the configured sync folder as read and checked by {@link SyncFolder} at start and on
 * {@link #reload()} (where new and changed syncs are also checked against their warehouse, after the app definitions
 * are reloaded: {@link Connections#reloadApps()}). A bad file is
 * reported (file, field, reason) and skipped; the others load.
 */
@ApplicationScoped
public class SyncRegistry {
    private static final Logger LOG = Logger.getLogger(SyncRegistry.class);

    private final SyncFolder folder;
    private final Path dir;
    private final Event<SyncReload> reloads;
    private final Connections connections;
    private volatile Map<String, SyncDefinition> syncs = Map.of();
    private volatile List<SyncProblem> rejected = List.of();

    /** Loads the sync folder; {@code reloads} is told of every {@link #reload()}. */
    @Inject
    public SyncRegistry(SyncsConfig config, Warehouses warehouses, Connections connections, Event<SyncReload> reloads) {
        this(Path.of(config.dir()), warehouses, connections, config.defaultTimeLimit(), reloads);
    }

    SyncRegistry(Path dir, Warehouses warehouses, Connections connections, Duration defaultTimeLimit, Event<SyncReload> reloads) {
        this.dir = dir;
        this.folder = new SyncFolder(warehouses, connections, defaultTimeLimit);
        this.reloads = reloads;
        this.connections = connections;
        SyncFolder.Scan scan = folder.scan(dir, Map.of(), false);
        Map<String, SyncDefinition> loaded = new TreeMap<>(scan.loaded());
        List<SyncProblem> problems = new ArrayList<>(scan.problems());
        SyncFolder.dropAfterMissing(loaded, problems);
        install(loaded, problems);
    }

    /**
     * Re-reads the folder and reports what changed. A file that is now rejected but held a sync before keeps
     * that sync's previous definition running (reported under {@code kept}): a typo must not silently stop a
     * production sync. A file that is gone removes its sync. Observers of {@link SyncReload} (the cron schedules)
     * are told before the next reload can start.
     */
    public synchronized SyncReload reload() {
        // app definitions first: the syncs are checked against the connections they open
        connections.reloadApps();
        Map<String, SyncDefinition> before = syncs;
        SyncFolder.Scan scan = folder.scan(dir, before, true);
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
        SyncFolder.dropAfterMissing(next, problems);
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
     * Checks {@code syncFiles} as a reload would check the sync folder, the warehouse checks included
     * ({@link SourceChecks}), and loads nothing: what {@code validate} reports.
     */
    public Validation validate(Path syncFiles) {
        SyncFolder.Scan scan = folder.scan(syncFiles, Map.of(), true);
        Map<String, SyncDefinition> loaded = new TreeMap<>(scan.loaded());
        List<SyncProblem> problems = new ArrayList<>(scan.problems());
        SyncFolder.dropAfterMissing(loaded, problems);
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

    private void install(Map<String, SyncDefinition> loaded, List<SyncProblem> problems) {
        this.syncs = Map.copyOf(loaded);
        this.rejected = List.copyOf(problems);
        problems.forEach(p -> LOG.errorf("sync file rejected: %s", p));
        LOG.infof("loaded %d sync(s) from %s%s", loaded.size(), dir.toAbsolutePath(), problems.isEmpty() ? "" : "; " + problems.size() + " problem(s)");
    }

    public Optional<SyncDefinition> find(String slug) {
        return Optional.ofNullable(syncs.get(slug));
    }

    /** @throws UnknownSyncException when no loaded sync has the slug (the API answers 404) */
    public SyncDefinition get(String slug) {
        return find(slug).orElseThrow(() -> new UnknownSyncException(slug));
    }

    public Collection<SyncDefinition> all() {
        return syncs.values();
    }

    public List<SyncProblem> rejected() {
        return rejected;
    }
}
