package dev.apikey.jdbc;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** JDBC URLs as they may appear in logs and messages: passwords removed. */
final class JdbcUrls {

    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:]+):([^/@]*)@");

    private JdbcUrls() {}

    static String redact(@Nullable String url) {
        if (url == null) {
            return "null";
        }
        String redacted = PASSWORD.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(redacted).replaceAll("//$1:***@");
    }
}
