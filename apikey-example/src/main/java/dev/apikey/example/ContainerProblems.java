package dev.apikey.example;

import java.util.Locale;
import org.eclipse.jetty.http.HttpStatus;

/**
 * The problems of errors the container answers itself (an unknown path, a request it cannot parse, a failure before
 * the application): chosen by status alone, since the request's URL or headers may hold a key and are never echoed.
 */
final class ContainerProblems {

    private ContainerProblems() {}

    /** The problem for {@code status}. */
    static Problem of(int status) {
        String reason = HttpStatus.getMessage(status);
        String title = reason == null || reason.isBlank() ? "Error" : reason;
        return new Problem(status, code(title), title, detail(status));
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 ->
                "The request is malformed (its URL, headers or body could not be read): check it, e.g. that the"
                        + " URL has no '#', space or stray '%', and send it again.";
            case 404 ->
                "There is nothing at this path: the API serves /secure-data, /health, /whoami, /reports and"
                        + " /admin/keys.";
            case 405 -> "This method is not supported at this path: use one of those in the Allow header.";
            case 408 -> "The request took too long to arrive: send it again.";
            case 413, 414, 431 -> "The request is too large (its body, URL or headers): send a smaller one.";
            case 415 -> "The body's Content-Type is not supported: send application/json.";
            case 503 -> "The server is not available right now (starting or stopping): retry shortly.";
            default ->
                status >= 500
                        ? "The server failed to answer: retry later; if it persists, see the server's log."
                        : "The request was refused: check it against the API's documentation and send it again.";
        };
    }

    private static String code(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }
}
