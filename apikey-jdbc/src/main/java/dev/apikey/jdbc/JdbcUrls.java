package dev.apikey.jdbc;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** JDBC URLs as they may appear in logs and messages: passwords removed. */
final class JdbcUrls {

    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:]+):([^/@]*)@");

    private JdbcUrls() {}

    /** The databases the store speaks, as a user writes their URLs. */
    static final String SUPPORTED = "supported: jdbc:sqlite:FILE (driver org.xerial:sqlite-jdbc),"
            + " jdbc:postgresql://HOST:PORT/DATABASE (driver org.postgresql:postgresql),"
            + " jdbc:mariadb://HOST:PORT/DATABASE (driver org.mariadb.jdbc:mariadb-java-client; MariaDB or MySQL)"
            + " and jdbc:mysql://HOST:PORT/DATABASE (driver com.mysql:mysql-connector-j)";

    /** Each supported scheme, and the driver that serves it. */
    private static final Map<String, String> DRIVERS = Map.of(
            "jdbc:sqlite:", "org.xerial:sqlite-jdbc",
            "jdbc:postgresql:", "org.postgresql:postgresql",
            "jdbc:mariadb:", "org.mariadb.jdbc:mariadb-java-client",
            "jdbc:mysql:", "com.mysql:mysql-connector-j");

    /**
     * {@code url}, if it names a database the store supports and its driver is on the class path.
     *
     * @throws IllegalArgumentException saying what is supported, or which driver to add; showing the scheme only
     */
    static String supported(@Nullable String url) {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("a JDBC URL starts with jdbc:, e.g. jdbc:sqlite:apikey-data/keys.db or"
                    + " jdbc:postgresql://127.0.0.1:5432/app?user=app");
        }
        String scheme = scheme(url);
        String driver = DRIVERS.get(scheme);
        if (driver == null) {
            throw new IllegalArgumentException(scheme + "… is not a database apikey-jdbc stores keys in: " + SUPPORTED);
        }
        try {
            DriverManager.getDriver(url);
        } catch (SQLException noDriver) {
            throw new IllegalArgumentException("no JDBC driver for " + scheme + "… on the class path: add " + driver
                    + " to the application's dependencies");
        }
        return url;
    }

    /**
     * Driver properties that bound opening a connection to {@code seconds} (PostgreSQL: {@code loginTimeout}, and
     * {@code socketTimeout} so the login thread the driver leaves behind ends too; MariaDB/MySQL: the connect and
     * socket timeouts), and PostgreSQL's cancel of a timed-out query (its default, 10 s, would hold the statement
     * that long after its query timeout); a value written in the URL wins. The store bounds each use of a connection with its network
     * timeout afterwards.
     */
    static Map<String, String> loginBounds(String url, int seconds) {
        String scheme = scheme(url);
        String value = Integer.toString(seconds);
        String millis = Integer.toString(seconds * 1000);
        Map<String, String> bounds = switch (scheme) {
            case "jdbc:postgresql:" ->
                Map.of(
                        "loginTimeout", value,
                        "socketTimeout", value,
                        // a query's cancel travels its own connection, and the statement waits for it to end
                        "cancelSignalTimeout", Integer.toString(Transactions.NETWORK_TIMEOUT_MARGIN_MILLIS / 1000));
            case "jdbc:mariadb:", "jdbc:mysql:" -> Map.of("connectTimeout", millis, "socketTimeout", millis);
            default -> Map.of();
        };
        String lowerCaseUrl = url.toLowerCase(Locale.ROOT);
        Map<String, String> notInUrl = new TreeMap<>();
        bounds.forEach((name, bound) -> {
            if (!lowerCaseUrl.contains(name.toLowerCase(Locale.ROOT) + "=")) {
                notInUrl.put(name, bound);
            }
        });
        return notInUrl;
    }

    /** {@code jdbc:name:} of a URL (lower case), never more of it. */
    private static String scheme(String url) {
        int colon = url.indexOf(':', "jdbc:".length());
        String name = colon < 0 ? url.substring("jdbc:".length()) : url.substring("jdbc:".length(), colon);
        if (name.length() > 20 || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-')) {
            return "jdbc:(unrecognised):";
        }
        return "jdbc:" + name.toLowerCase(Locale.ROOT) + ":";
    }

    static String redact(@Nullable String url) {
        if (url == null) {
            return "null";
        }
        String redacted = PASSWORD.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(redacted).replaceAll("//$1:***@");
    }
}
