package io.sluice.warehouse;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import io.sluice.warehouse.duckdb.DuckDbMemory;
import java.nio.file.Path;
import org.duckdb.DuckDBConnection;
import org.jboss.logging.Logger;

/** Opens a {@link Warehouse} from its settings: resolves the dialect and prepares the connection pool. */
public final class WarehouseFactory {
    private static final Logger LOG = Logger.getLogger(WarehouseFactory.class);
    private WarehouseFactory() {
    }

    public static Warehouse open(String name, WarehouseConfig.Settings settings) {
        return open(name, settings.url(), settings.user(), settings.password(), settings.properties(),
                settings.engineSchema(), settings.poolSize());
    }

    public static Warehouse open(String name, String url, Optional<String> user, Optional<String> password,
                                 Map<String, String> properties, String engineSchema, int poolSize) {
        Dialect dialect = DialectResolver.resolve(name, url);
        Properties props = new Properties();
        props.putAll(properties);
        user.ifPresent(u -> props.setProperty("user", u));
        password.ifPresent(p -> props.setProperty("password", p));
        if (url.startsWith("jdbc:duckdb:")) {
            return openDuckDb(name, url, props, dialect, engineSchema, poolSize);
        }
        Properties checked = dialect.connectionProperties(name, url, props);
        Secrets secrets = Secrets.of(url, checked);
        return new Warehouse(name, dialect, engineSchema, () -> openSession(url, checked, dialect, secrets), poolSize, () -> {
        });
    }

    /** Opens and sets up one connection; a failure never carries a secret of the settings in its messages. */
    private static Connection openSession(String url, Properties props, Dialect dialect, Secrets secrets) throws SQLException {
        try {
            return setUpSession(driverFor(url).connect(url, props), dialect);
        } catch (SQLException e) {
            throw secrets.redact(e);
        } catch (RuntimeException e) {
            throw secrets.redact(new SQLException("the JDBC driver failed: " + e, e));
        }
    }

    /**
     * The JDBC driver for a URL, found through our own class loader rather than {@link java.sql.DriverManager}, which
     * only hands out drivers visible to the caller's loader and so fails under isolated class loaders.
     */
    static Driver driverFor(String url) throws SQLException {
        for (Driver d : ServiceLoader.load(Driver.class, WarehouseFactory.class.getClassLoader())) {
            if (d.acceptsURL(url)) {
                return d;
            }
        }
        throw new SQLException("no JDBC driver on the class path accepts " + url.split("\\?")[0]);
    }

    /** Runs the dialect's session statements on a new connection (closing it if they fail). */
    private static Connection setUpSession(Connection c, Dialect dialect) throws SQLException {
        if (dialect.sessionSetup().isEmpty()) {
            return c;
        }
        try (Statement s = c.createStatement()) {
            for (String sql : dialect.sessionSetup()) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * DuckDB allows one database instance per file in a process: every pooled connection is a duplicate of one
     * root connection, which is opened lazily (so a locked file is reported when used, not at construction).
     */
    private static Warehouse openDuckDb(String name, String url, Properties props, Dialect dialect, String schema, int size) {
        String file = new java.io.File(url.substring("jdbc:duckdb:".length()).split("\\?")[0]).getName();
        String catalog = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
        if (catalog.equalsIgnoreCase(schema)) {
            throw new WarehouseConfigException("warehouse '" + name + "': DuckDB names the database after its file ('" + catalog
                    + "'), which equals engine-schema '" + schema + "' and makes '" + schema + ".<table>' ambiguous; "
                    + "rename the file or set sluice.warehouses." + name + ".engine-schema");
        }
        memoryDefaults(name, url, props);
        DuckDbRoot root = new DuckDbRoot(url, props, dialect);
        return new Warehouse(name, dialect, schema, root::duplicate, size, root);
    }

    /** DuckDB's memory budget and spill directory, where the settings name none ({@link DuckDbMemory}). */
    private static void memoryDefaults(String name, String url, Properties props) {
        String path = url.substring("jdbc:duckdb:".length()).split("\\?")[0];
        Optional<Path> file = path.isBlank() || path.startsWith(":memory:") ? Optional.empty() : Optional.of(Path.of(path));
        DuckDbMemory.applyDefaults(props, file, Path.of("/sys/fs/cgroup"), DuckDbMemory.physicalRam(), Path.of(System.getProperty("java.io.tmpdir")))
                .ifPresent(b -> LOG.infof("warehouse '%s': DuckDB memory_limit %s (%s), spilling to %s; set "
                        + "sluice.warehouses.%s.properties.memory_limit / .temp_directory to change", name, b.memoryLimit(), b.reason(),
                        b.tempDirectory(), name));
    }

    private static final class DuckDbRoot implements AutoCloseable {
        private final String url;
        private final Properties props;
        private final Dialect dialect;
        private DuckDBConnection root;

        DuckDbRoot(String url, Properties props, Dialect dialect) {
            this.url = url;
            this.props = props;
            this.dialect = dialect;
        }

        synchronized Connection duplicate() throws SQLException {
            if (root == null || root.isClosed()) {
                ensureParentDirectory(url);
                root = (DuckDBConnection) driverFor(url).connect(url, props);
            }
            return setUpSession(root.duplicate(), dialect);
        }

        private static void ensureParentDirectory(String url) {
            String path = url.substring("jdbc:duckdb:".length());
            int q = path.indexOf('?');
            path = q >= 0 ? path.substring(0, q) : path;
            if (!path.isBlank() && !path.startsWith(":memory:")) {
                java.io.File parent = new java.io.File(path).getAbsoluteFile().getParentFile();
                if (parent != null) {
                    parent.mkdirs();
                }
            }
        }

        @Override
        public synchronized void close() throws SQLException {
            if (root != null) {
                root.close();
            }
        }
    }
}
