package dev.apikey.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Where a store's helpers get a prepared connection from (the store's own {@code open}). */
@FunctionalInterface
interface Connections {

    /** A prepared connection, for the caller to close. */
    Connection open() throws SQLException;
}
