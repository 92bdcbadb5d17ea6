package io.sluice.warehouse;

import java.sql.Connection;
import java.sql.SQLException;

/** Blocking work on one JDBC connection, run by {@link Warehouse} on its worker threads inside a transaction. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
