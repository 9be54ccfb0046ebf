package dev.apikey.example;

import dev.apikey.SafeText;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which key stores the example opens: an SQLite file, a PostgreSQL server, or a MariaDB or MySQL server through MariaDB
 * Connector/J, the three drivers its jar carries. Any
 * other value is a usage error naming them, not a failed connection. Messages show a URL's scheme only: the rest may
 * hold a password.
 */
final class DatabaseUrl {

    /** What a user can pass instead. */
    static final String SUPPORTED = "use jdbc:sqlite:FILE, jdbc:postgresql://HOST:PORT/DB?user=… or"
            + " jdbc:mariadb://HOST:PORT/DB?user=… (MariaDB or MySQL)";

    private static final Pattern SCHEME = Pattern.compile("(?:jdbc:)?[A-Za-z][A-Za-z0-9+.-]{0,30}:(?://)?");

    private DatabaseUrl() {}

    /**
     * {@code url} if the example can open it.
     *
     * @param source where it came from, for the message: {@code --db} or {@code APIKEY_DB_URL}
     * @throws IllegalArgumentException naming the supported databases otherwise
     */
    static String check(String url, String source) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:sqlite:")
                && !lower.startsWith("jdbc:postgresql:")
                && !lower.startsWith("jdbc:mariadb:")) {
            throw new IllegalArgumentException(source + " " + shown(url) + " is not supported: " + SUPPORTED);
        }
        try {
            DriverManager.getDriver(url);
        } catch (SQLException noDriverAcceptsIt) {
            throw new IllegalArgumentException(source + " " + shown(url) + " is not a valid "
                    + (lower.startsWith("jdbc:sqlite:")
                            ? "SQLite"
                            : lower.startsWith("jdbc:mariadb:") ? "MariaDB" : "PostgreSQL")
                    + " URL: " + SUPPORTED);
        }
        return url;
    }

    /** The URL's scheme followed by an ellipsis ({@code jdbc:mysql://…}), or, without one, the short value itself. */
    static String shown(String url) {
        Matcher scheme = SCHEME.matcher(url);
        if (scheme.lookingAt()) {
            return scheme.group() + (scheme.end() < url.length() ? "…" : "");
        }
        return SafeText.quoted(url);
    }
}
