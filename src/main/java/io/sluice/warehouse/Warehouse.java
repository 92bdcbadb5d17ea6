package io.sluice.warehouse;

import io.smallrye.mutiny.Uni;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One configured warehouse: its dialect, its engine schema and a pool of connections served by worker
 * threads of its own. Every JDBC call goes through {@link #call}, so blocking I/O never runs on an event loop.
 */
public final class Warehouse implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Warehouse.class);

    private final String name;
    private final Dialect dialect;
    private final String engineSchema;
    private final ConnectionPool pool;
    private final ExecutorService workers;
    private final AutoCloseable onClose;

    Warehouse(String name, Dialect dialect, String engineSchema, ConnectionPool.Opener opener, int poolSize, AutoCloseable onClose) {
        if (!SqlNames.isIdentifier(engineSchema)) {
            throw new WarehouseConfigException("warehouse '" + name + "': engine-schema '" + engineSchema + "' is not a plain SQL name");
        }
        if (poolSize < 1) {
            throw new WarehouseConfigException("warehouse '" + name + "': pool-size must be at least 1, was " + poolSize);
        }
        this.name = name;
        this.dialect = dialect;
        this.engineSchema = engineSchema;
        this.pool = new ConnectionPool(name, opener, poolSize);
        this.onClose = onClose;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(poolSize, r -> {
            Thread t = new Thread(r, "sluice-wh-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public String name() {
        return name;
    }

    public Dialect dialect() {
        return dialect;
    }

    public String engineSchema() {
        return engineSchema;
    }

    /**
     * The worker threads of this warehouse, for blocking work. Each task runs with exactly the log context (MDC: a
     * run's sync and run id) of the thread that submitted it, none when that thread has none, so worker log lines
     * name the run they work for whoever submits. The MDC is inheritable: a worker created while a run submitted
     * would otherwise keep that run's keys for every later task.
     */
    public Executor executor() {
        return this::executeWithLogContext;
    }

    private void executeWithLogContext(Runnable task) {
        // copied here, on the submitting thread: with jboss-logging's JDK provider (a JVM without the JBoss log manager,
        // e.g. a benchmark started with plain java) getMap() is the thread's live map, which the submitter keeps changing
        // while the worker reads it (a ConcurrentModificationException there lost the task, and a run waited for it forever)
        Map<String, Object> context = new HashMap<>(MDC.getMap());
        workers.execute(() -> {
            MDC.clear();
            context.forEach(MDC::put);
            try {
                task.run();
            } finally {
                MDC.clear();
            }
        });
    }

    /** The quoted, schema-qualified name of an engine table. */
    public String engineTable(String table) {
        return dialect.quote(engineSchema) + "." + dialect.quote(table);
    }

    /**
     * Runs blocking work in one transaction on a worker thread. {@code what} names the work in errors
     * ("staging sync 'x'"), so a failure says what it was doing and where.
     */
    public <T> Uni<T> call(String what, SqlWork<T> work) {
        return Uni.createFrom().item(() -> callBlocking(what, work)).runSubscriptionOn(executor());
    }

    /** Like {@link #call}, on the current thread; for startup and for callers already on a worker. */
    public <T> T callBlocking(String what, SqlWork<T> work) {
        Connection c;
        try {
            c = pool.borrow();
        } catch (SQLException e) {
            throw new WarehouseException("warehouse '" + name + "' unreachable while " + what + ": " + e.getMessage(), e);
        }
        boolean broken = false;
        try {
            c.setAutoCommit(false);
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException e) {
            broken = rollback(c);
            throw new WarehouseException("warehouse '" + name + "' failed while " + what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // not the warehouse's failure (a run-level verdict, a bug): roll back and let it through unchanged
            broken = rollback(c);
            throw e;
        } finally {
            pool.release(c, broken);
        }
    }

    private boolean rollback(Connection c) {
        try {
            c.rollback();
            return false;
        } catch (SQLException e) {
            LOG.debugf("rollback failed on warehouse '%s', discarding the connection: %s", name, e.getMessage());
            return true;
        }
    }

    @Override
    public void close() {
        workers.shutdown();
        pool.close();
        try {
            onClose.close();
        } catch (Exception e) {
            LOG.debugf("closing warehouse '%s': %s", name, e.getMessage());
        }
    }
}
