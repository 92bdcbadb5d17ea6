package io.sluice.apps;

import io.sluice.apps.load.AppSource;
import io.sluice.apps.load.AppsReload;
import io.sluice.apps.load.DefinitionException;
import io.sluice.apps.load.DefinitionParser;
import io.sluice.apps.load.DefinitionProblem;
import io.sluice.apps.load.LoadedApp;
import io.sluice.apps.load.ShippedDefinitions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The loaded app definitions: those shipped with Sluice (class path {@code apps/}) and the user's folder
 * {@code sluice.apps.dir}, read at start and on {@link #reload()}. A user file with a shipped definition's name overrides
 * it (logged, and shown by the API). A bad file is rejected with file, field and reason and the others load; on
 * reload, a user file now rejected keeps its previous definition in force (a typo must not stop a connection).
 */
@ApplicationScoped
public class AppCatalog {
    private static final Logger LOG = Logger.getLogger(AppCatalog.class);
    private static final String SHIPPED_PREFIX = "classpath:apps/";

    private final Optional<Path> userDir;
    private final ClassLoader loader;
    private final DefinitionParser parser = new DefinitionParser();
    private volatile Map<String, LoadedApp> apps = Map.of();
    private volatile List<DefinitionProblem> rejected = List.of();

    @Inject
    public AppCatalog(AppsConfig config) {
        this(config.dir().filter(d -> !d.isBlank()).map(Path::of), AppCatalog.class.getClassLoader());
    }

    /** A catalogue of the shipped definitions and those in {@code userDir}, if given. */
    public AppCatalog(Optional<Path> userDir, ClassLoader loader) {
        this.userDir = userDir;
        this.loader = loader;
        Scan scan = scan();
        install(scan.loaded(), scan.problems());
    }

    public Optional<LoadedApp> find(String app) {
        return Optional.ofNullable(apps.get(app));
    }

    /** The loaded definitions, in name order. */
    public Collection<LoadedApp> all() {
        return apps.values();
    }

    /** Every problem of the rejected files. */
    public List<DefinitionProblem> rejected() {
        return rejected;
    }

    /** The user folder, if configured. */
    public Optional<Path> userDir() {
        return userDir;
    }

    /** Re-reads the shipped and user definitions and reports what changed. */
    public synchronized AppsReload reload() {
        Map<String, LoadedApp> before = apps;
        Scan scan = scan();
        Map<String, LoadedApp> next = new TreeMap<>(scan.loaded());
        Set<String> rejectedFiles = new HashSet<>();
        scan.problems().forEach(p -> rejectedFiles.add(p.file()));
        List<String> kept = new ArrayList<>();
        for (LoadedApp old : before.values()) {
            LoadedApp now = next.get(old.app());
            if (rejectedFiles.contains(old.file()) && (now == null || now.source() == AppSource.SHIPPED && old.source() == AppSource.USER)) {
                next.put(old.app(), old);
                kept.add(old.app());
                LOG.warnf("app '%s': %s was rejected; the previous definition stays in force", old.app(), old.file());
            }
        }
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        next.values().forEach(a -> {
            LoadedApp old = before.get(a.app());
            if (old == null) {
                added.add(a.app());
            } else if (!old.equals(a)) {
                changed.add(a.app());
            }
        });
        List<String> removed = before.keySet().stream().filter(a -> !next.containsKey(a)).sorted().toList();
        install(next, scan.problems());
        LOG.infof("app definitions reloaded: %d added, %d changed, %d removed, %d rejected", added.size(), changed.size(), removed.size(),
                scan.problems().size());
        return new AppsReload(added, changed, removed, scan.problems(), kept);
    }

    private record Scan(Map<String, LoadedApp> loaded, List<DefinitionProblem> problems) {
    }

    private Scan scan() {
        Map<String, LoadedApp> loaded = new TreeMap<>();
        List<DefinitionProblem> problems = new ArrayList<>();
        ShippedDefinitions.read(loader).forEach((fileName, text) -> parse(SHIPPED_PREFIX + fileName, fileName, text, AppSource.SHIPPED, loaded, problems));
        userDir.ifPresent(dir -> userFiles(dir).forEach(file -> {
            try {
                parse(file.toString(), file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8), AppSource.USER, loaded, problems);
            } catch (IOException e) {
                problems.add(new DefinitionProblem(file.toString(), null, "cannot be read: " + e.getMessage()));
            }
        }));
        return new Scan(loaded, problems);
    }

    private void parse(String file, String fileName, String text, AppSource source, Map<String, LoadedApp> loaded, List<DefinitionProblem> problems) {
        String expected = fileName.replaceFirst("\\.ya?ml$", "");
        if (!DefinitionParser.APP_NAME.matcher(expected).matches()) {
            problems.add(new DefinitionProblem(file, null, "the file name must be the app's name (lower-case letters, digits and '-') and .yaml"));
            return;
        }
        LoadedApp existing = loaded.get(expected);
        if (existing != null && existing.source() == source) {
            problems.add(new DefinitionProblem(file, null, "another file, " + existing.file() + ", already defines app '" + expected + "'"));
            return;
        }
        try {
            LoadedApp app = new LoadedApp(parser.parse(file, expected, text), source, file, existing != null);
            if (app.overridesShipped()) {
                LOG.infof("app '%s': the user definition %s overrides the shipped one", expected, file);
            }
            loaded.put(expected, app);
        } catch (DefinitionException e) {
            problems.addAll(e.problems());
        }
    }

    private static List<Path> userFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            LOG.warnf("app definition folder %s does not exist; only shipped apps loaded", dir.toAbsolutePath());
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list app definition folder " + dir.toAbsolutePath(), e);
        }
    }

    private void install(Map<String, LoadedApp> loaded, List<DefinitionProblem> problems) {
        this.apps = java.util.Collections.unmodifiableMap(new TreeMap<>(loaded));
        this.rejected = List.copyOf(problems);
        problems.forEach(p -> LOG.errorf("app definition rejected: %s", p));
        LOG.infof("loaded %d app definition(s)%s", loaded.size(), problems.isEmpty() ? "" : "; " + problems.size() + " problem(s)");
    }
}
