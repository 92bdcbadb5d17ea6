package io.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL server for tests, without Docker: one throw-away cluster per JVM, started lazily with the
 * locally installed binaries ({@code initdb}, {@code pg_ctl}), listening on a free port of 127.0.0.1 only, with
 * trust authentication and durability switched off for speed. A shutdown hook stops it and deletes its
 * directory. Each test class asks for its own database:
 *
 * <pre>{@code
 * String url = PostgresServer.createDatabase("runstore_test"); // fresh, empty
 * String url = PostgresServer.jdbcUrl("app");                  // created once per JVM, then reused (Quarkus config)
 * }</pre>
 *
 * Connect as user {@link #USER} without a password. PostgreSQL refuses to run as root: when the tests run as
 * root, the server runs as the {@code postgres} OS user (as the Debian package creates it).
 */
public final class PostgresServer {
    public static final String USER = "postgres";

    private static final Logger LOG = Logger.getLogger(PostgresServer.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Map<String, String> CREATED = new ConcurrentHashMap<>();
    private static volatile PostgresServer instance;
    private static RuntimeException startFailure;

    private final Path root;
    private final Path dataDir;
    private final Path log;
    private final Path bin;
    private final boolean asPostgresUser;
    private final int port;
    private final Duration startup;

    private PostgresServer(Path root, Path bin, boolean asPostgresUser, int port, Duration startup) {
        this.root = root;
        this.dataDir = root.resolve("data");
        this.log = root.resolve("server.log");
        this.bin = bin;
        this.asPostgresUser = asPostgresUser;
        this.port = port;
        this.startup = startup;
    }

    /** The running server, started on first use. A failed start is not retried: every later caller gets its error. */
    public static PostgresServer get() {
        PostgresServer s = instance;
        if (s == null) {
            synchronized (PostgresServer.class) {
                if (startFailure != null) {
                    throw new IllegalStateException(startFailure.getMessage(), startFailure);
                }
                s = instance;
                if (s == null) {
                    try {
                        s = start();
                    } catch (RuntimeException e) {
                        startFailure = e;
                        throw e;
                    }
                    instance = s;
                }
            }
        }
        return s;
    }

    /** Drops the database if it exists and creates it empty; returns its JDBC URL. */
    public static String createDatabase(String name) {
        PostgresServer s = get();
        s.admin("DROP DATABASE IF EXISTS " + checked(name) + " WITH (FORCE)", "CREATE DATABASE " + name);
        String url = s.urlOf(name);
        CREATED.put(name, url);
        return url;
    }

    /**
     * The JDBC URL of a database created on first request and kept for the rest of the JVM, for configuration
     * that is read once (e.g. a Quarkus test resource setting {@code sluice.warehouses.main.url}).
     */
    public static String jdbcUrl(String name) {
        return CREATED.computeIfAbsent(checked(name), n -> {
            get().admin("CREATE DATABASE " + n);
            return get().urlOf(n);
        });
    }

    public int port() {
        return port;
    }

    /** How long {@code initdb} plus {@code pg_ctl start} took. */
    public Duration startupTime() {
        return startup;
    }

    private String urlOf(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static String checked(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name '" + name + "' must match " + DATABASE_NAME.pattern());
        }
        return name;
    }

    private void admin(String... statements) {
        try (Connection c = DriverManager.getConnection(urlOf("postgres"), USER, "");
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL on port " + port + ": " + e.getMessage(), e);
        }
    }

    // ---- starting and stopping ------------------------------------------------------------------------

    private static PostgresServer start() {
        long t0 = System.nanoTime();
        Path bin = findBinaries();
        boolean asPostgresUser = isRoot();
        Path root;
        try {
            root = Files.createTempDirectory("sluice-pg-");
            if (asPostgresUser) {
                UserPrincipalLookupService users = root.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(root, users.lookupPrincipalByName(USER));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a directory for the test PostgreSQL server (as root it is owned by the '"
                    + USER + "' OS user, which must exist: 'apt-get install postgresql' creates it): " + e, e);
        }
        PostgresServer probe = new PostgresServer(root, bin, asPostgresUser, 0, Duration.ZERO);
        try {
            probe.run("initdb", List.of("-D", probe.dataDir.toString(), "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C",
                    "--no-sync", "--no-instructions"));
            // Only loopback TCP and the private socket directory; trust is fine for a throw-away cluster.
            probe.writeAsOwner(probe.dataDir.resolve("pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");
            IllegalStateException last = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                int port = freePort();
                PostgresServer server = new PostgresServer(root, bin, asPostgresUser, port, Duration.ZERO);
                try {
                    server.pgStart();
                    PostgresServer started = new PostgresServer(root, bin, asPostgresUser, port, Duration.ofNanos(System.nanoTime() - t0));
                    Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "sluice-pg-stop"));
                    LOG.infof("test PostgreSQL (%s) started on 127.0.0.1:%d in %d ms, data in %s", bin, port, started.startup.toMillis(), root);
                    return started;
                } catch (IllegalStateException e) {
                    // another process may have taken the port between the probe and the bind: try another one
                    last = e;
                }
            }
            throw last;
        } catch (RuntimeException e) {
            deleteTree(root);
            throw e;
        }
    }

    private void pgStart() {
        run("pg_ctl", List.of("start", "-w", "-s", "-t", "30", "-D", dataDir.toString(), "-l", log.toString(),
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + root
                        + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50"));
    }

    /**
     * Stops the server at once, as a crash would ({@code pg_ctl stop -m immediate}): every connection is cut and
     * transactions in flight are lost. For outage tests; {@link #startAgain} brings it back on the same port with
     * the same data (crash recovery replays what was committed). Every test class shares the server: a test that
     * stops it must start it again before it ends.
     */
    public void stopImmediately() {
        run("pg_ctl", List.of("stop", "-m", "immediate", "-w", "-s", "-D", dataDir.toString()));
    }

    /** Starts the server again after {@link #stopImmediately}, on the same port, and waits until it accepts connections. */
    public void startAgain() {
        pgStart();
    }

    private void stop() {
        try {
            run("pg_ctl", List.of("stop", "-m", "immediate", "-s", "-D", dataDir.toString()));
        } catch (RuntimeException e) {
            System.err.println("test PostgreSQL on port " + port + " did not stop cleanly: " + e.getMessage());
        }
        deleteTree(root);
    }

    /** Runs a PostgreSQL binary, as the {@code postgres} OS user when we are root; fails with its output. */
    private void run(String program, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(bin.resolve(program).toString());
        command.addAll(args);
        if (asPostgresUser) {
            command = asUser(command);
        }
        try {
            Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            // the output is small; reading it to the end also waits for the process
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(program + " did not finish within " + COMMAND_TIMEOUT);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("test PostgreSQL: '" + String.join(" ", command) + "' exited with " + p.exitValue()
                        + ":\n" + output + serverLogTail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("test PostgreSQL: cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + program, e);
        }
    }

    /** Wraps a command to run as the {@code postgres} OS user: {@code runuser} where present, else {@code su}. */
    private static List<String> asUser(List<String> command) {
        for (String runuser : List.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")) {
            if (Files.isExecutable(Path.of(runuser))) {
                List<String> wrapped = new ArrayList<>(List.of(runuser, "-u", USER, "--"));
                wrapped.addAll(command);
                return wrapped;
            }
        }
        StringBuilder line = new StringBuilder();
        for (String arg : command) {
            line.append(line.isEmpty() ? "" : " ").append('\'').append(arg.replace("'", "'\\''")).append('\'');
        }
        return List.of("su", USER, "-s", "/bin/sh", "-c", line.toString());
    }

    private String serverLogTail() {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return lines.isEmpty() ? "" : "\nserver log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private void writeAsOwner(Path file, String content) {
        try {
            Files.writeString(file, content);
            if (asPostgresUser) {
                Files.setOwner(file, file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory holding {@code initdb} and {@code pg_ctl}: {@code $PG_BIN}, {@code PATH}, then Debian's versioned directories. */
    static Path findBinaries() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("PG_BIN")).map(Path::of).ifPresent(candidates::add);
        for (String dir : Optional.ofNullable(System.getenv("PATH")).orElse("").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir));
            }
        }
        candidates.addAll(versionedDirectories(Path.of("/usr/lib/postgresql")));
        candidates.add(Path.of("/usr/local/pgsql/bin"));
        try {
            return findBinaries(candidates);
        } catch (IllegalStateException missing) {
            if (!installWithApt()) {
                throw missing;
            }
            candidates.addAll(versionedDirectories(Path.of("/usr/lib/postgresql")));
            return findBinaries(candidates);
        }
    }

    /**
     * On a fresh Debian machine where the tests run as root, installs the server package (as the CI script
     * does), so that the README's test command works without a manual step. Returns whether it ran.
     */
    private static boolean installWithApt() {
        if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return false;
        }
        System.err.println("PostgreSQL server binaries not found: installing the 'postgresql' Debian package for the tests");
        try {
            Process p = new ProcessBuilder("sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql")
                    .inheritIO().start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Path findBinaries(List<Path> candidates) {
        for (Path dir : candidates) {
            if (Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"))) {
                // /usr/local/bin may hold symlinks: use their real directory so initdb finds the postgres binary beside it
                try {
                    return dir.resolve("initdb").toRealPath().getParent();
                } catch (IOException e) {
                    return dir;
                }
            }
        }
        throw new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl) not found on PATH, in /usr/lib/postgresql/<version>/bin "
                + "or in $PG_BIN. The PostgreSQL tests start a throw-away server of their own: install them with "
                + "'apt-get install postgresql' (Debian/Ubuntu) or your system's PostgreSQL server package.");
    }

    private static List<Path> versionedDirectories(Path base) {
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .sorted(Comparator.comparingDouble((Path v) -> Double.parseDouble(v.getFileName().toString())).reversed())
                    .map(v -> v.resolve("bin"))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean isRoot() {
        try {
            // owner of /proc/self is this process's user
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for the test PostgreSQL server", e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the directory is in the temp dir anyway
        }
    }
}
