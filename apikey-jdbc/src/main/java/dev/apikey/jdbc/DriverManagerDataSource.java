package dev.apikey.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DataSource} that opens a new connection per call through {@link DriverManager}: no pooling. Opening
 * a connection is bounded by the {@linkplain #setLoginTimeout login timeout} where the driver supports one
 * (PostgreSQL's {@code loginTimeout} and {@code socketTimeout}; values in the URL win), so a database that accepts
 * TCP but never answers fails the request instead of holding its thread, and leaves no driver thread behind.
 */
final class DriverManagerDataSource implements DataSource {

    private final String url;
    private volatile int loginTimeoutSeconds;

    DriverManagerDataSource(String url) {
        this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Properties properties = new Properties();
        if (loginTimeoutSeconds > 0 && url.startsWith("jdbc:postgresql:")) {
            // loginTimeout releases the caller; the driver's login thread it leaves behind ends only when a read
            // times out, so reads are bounded too (the store replaces this with its network timeout once connected).
            properties.setProperty("loginTimeout", Integer.toString(loginTimeoutSeconds));
            properties.setProperty("socketTimeout", Integer.toString(loginTimeoutSeconds));
        }
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return DriverManager.getConnection(url, username, password);
    }

    @Override
    public @Nullable PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeoutSeconds = Math.max(0, seconds);
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return "DriverManager(" + JdbcUrls.redact(url) + ")";
    }
}
