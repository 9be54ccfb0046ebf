package dev.apikey.http;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A request path as a file server reads it: backslashes as slashes, repeated slashes as one, {@code .} segments
 * dropped and {@code ..} segments resolved (never above the root). Servlet containers hand over paths already in this
 * form; other stacks (Netty) hand over the path as sent, which a static-resource handler then cleans up itself.
 */
final class CanonicalPath {

    private CanonicalPath() {}

    /** {@code path} in canonical form; {@code path} itself when it already is. */
    static String of(String path) {
        if (isCanonical(path)) {
            return path;
        }
        String slashed = path.replace('\\', '/');
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : slashed.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        String joined = "/" + String.join("/", segments);
        boolean directory = slashed.endsWith("/") || slashed.endsWith("/.") || slashed.endsWith("/..");
        return directory && !joined.endsWith("/") ? joined + "/" : joined;
    }

    private static boolean isCanonical(String path) {
        return path.startsWith("/")
                && path.indexOf('\\') < 0
                && !path.contains("//")
                && !path.contains("/./")
                && !path.contains("/../")
                && !path.endsWith("/.")
                && !path.endsWith("/..");
    }
}
