package dev.apikey.jdbc;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** JDBC URLs as they may appear in logs and messages: passwords removed. */
final class JdbcUrls {

    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:]+):([^/@]*)@");

    private JdbcUrls() {}

    /** The databases the store speaks, as a user writes their URLs. */
    static final String SUPPORTED =
            "supported: jdbc:sqlite:FILE (driver org.xerial:sqlite-jdbc) and jdbc:postgresql://HOST:PORT/DATABASE"
                    + " (driver org.postgresql:postgresql)";

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
        if (!scheme.equals("jdbc:sqlite:") && !scheme.equals("jdbc:postgresql:")) {
            throw new IllegalArgumentException(scheme + "… is not a database apikey-jdbc stores keys in: " + SUPPORTED);
        }
        try {
            DriverManager.getDriver(url);
        } catch (SQLException noDriver) {
            throw new IllegalArgumentException("no JDBC driver for " + scheme + "… on the class path: add "
                    + (scheme.equals("jdbc:sqlite:") ? "org.xerial:sqlite-jdbc" : "org.postgresql:postgresql")
                    + " to the application's dependencies");
        }
        return url;
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
