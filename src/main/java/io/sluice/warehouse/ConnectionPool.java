package io.sluice.warehouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A small bounded JDBC pool. Connections are created lazily up to {@code size}, validated when borrowed and
 * replaced when broken. Callers are the warehouse's own worker threads, whose number equals {@code size}, so a
 * borrow normally never waits.
 */
final class ConnectionPool implements AutoCloseable {
    /** Opens one new connection. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final String warehouse;
    private final Opener opener;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    ConnectionPool(String warehouse, Opener opener, int size) {
        this.warehouse = warehouse;
        this.opener = opener;
        this.permits = new Semaphore(size, true);
    }

    Connection borrow() throws SQLException {
        try {
            if (!permits.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new SQLException("warehouse '" + warehouse + "': no connection free after 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a connection to warehouse '" + warehouse + "'", e);
        }
        try {
            Connection c;
            while ((c = idle.pollFirst()) != null) {
                if (isUsable(c)) {
                    return c;
                }
                closeQuietly(c);
            }
            return opener.open();
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    void release(Connection connection, boolean broken) {
        if (broken || closed) {
            closeQuietly(connection);
        } else {
            idle.addFirst(connection);
        }
        permits.release();
    }

    private static boolean isUsable(Connection c) {
        try {
            return !c.isClosed() && c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the connection is being discarded; nothing more to do with it
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            closeQuietly(c);
        }
    }
}
