package dev.apikey.example;

import dev.apikey.KeyFormat;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The URL {@link ClientExample} is given: an absolute http or https URL with a host, or a one-line reason why not. */
final class ClientUrl {

    private ClientUrl() {}

    /** A URL that is not one {@link ClientExample} can call; its message says why and shows a good one. */
    static final class InvalidUrlException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidUrlException(String text, String why) {
            super("'" + shown(text) + "' is not a valid URL: " + why + ", e.g. " + ClientExample.DEFAULT_URL);
        }

        /** The text as typed, keys redacted, control characters replaced, cut after 80 characters. */
        private static String shown(String text) {
            String redacted = KeyFormat.redact(text).replaceAll("\\p{Cntrl}", "?");
            return redacted.length() > 80 ? redacted.substring(0, 79) + "…" : redacted;
        }
    }

    /**
     * {@code text} as a URI the HTTP client accepts.
     *
     * @throws InvalidUrlException if it is not an absolute http or https URL with a host
     */
    static URI parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new InvalidUrlException(text, e.getReason().toLowerCase(Locale.ROOT) + " at index " + e.getIndex());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidUrlException(text, "it must start with http:// or https://");
        }
        if (uri.getHost() == null) {
            throw new InvalidUrlException(text, "it has no host name (or one with characters a host name cannot have)");
        }
        return uri;
    }
}
