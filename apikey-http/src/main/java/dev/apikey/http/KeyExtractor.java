package dev.apikey.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the presented key from a request: the key header (every instance of it), then, when enabled, the
 * {@code Authorization} header with an accepted scheme, then the query parameter. The same key found in
 * several places is one key; two different keys make the request ambiguous. The query string is parsed
 * here from the raw query, never from a framework's parameter map, which may include (and consume) a form body.
 */
final class KeyExtractor {

    private final String headerName;
    private final Set<AuthorizationScheme> schemes;
    private final @Nullable String queryParameter;

    KeyExtractor(String headerName, Set<AuthorizationScheme> schemes, @Nullable String queryParameter) {
        this.headerName = headerName;
        this.schemes = Set.copyOf(schemes);
        this.queryParameter = queryParameter;
    }

    /**
     * What the request presented. Every place is read even after two different keys were found, so that an
     * ambiguous request still says where its keys were: each of those places is hidden from the application.
     */
    PresentedKey extract(HttpRequestView request) {
        Found found = new Found();
        for (String value : request.headers(headerName)) {
            found.add(value, Source.HEADER);
        }
        if (!schemes.isEmpty()) {
            for (String authorization : request.headers("Authorization")) {
                String credential = credentialOf(authorization);
                if (credential != null) {
                    found.add(credential, Source.AUTHORIZATION);
                }
            }
        }
        if (queryParameter != null) {
            String query = request.rawQuery();
            if (query != null) {
                for (String pair : query.split("&", -1)) {
                    int equals = pair.indexOf('=');
                    String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                    if (queryParameter.equals(name)) {
                        found.add(equals < 0 ? "" : decode(pair.substring(equals + 1)), Source.QUERY);
                    }
                }
            }
        }
        if (found.ambiguous) {
            return new PresentedKey(null, true, found.header, found.authorization, found.query);
        }
        return found.key == null
                ? PresentedKey.NONE
                : new PresentedKey(found.key, false, found.header, found.authorization, found.query);
    }

    /** The credential of an {@code Authorization} value with an accepted scheme, else {@code null}. */
    private @Nullable String credentialOf(@Nullable String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        for (AuthorizationScheme accepted : schemes) {
            if (accepted.token().equalsIgnoreCase(scheme)) {
                return space < 0 ? "" : value.substring(space + 1).strip();
            }
        }
        return null;
    }

    /** Percent-decodes; text that is not valid percent-encoding is kept as it is (and then fails the format check). */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private enum Source {
        HEADER,
        AUTHORIZATION,
        QUERY
    }

    private static final class Found {
        @Nullable
        String key;

        boolean ambiguous;
        boolean header;
        boolean authorization;
        boolean query;

        /** Adds one presented value: empty ones are none; a second, different key makes the request ambiguous. */
        void add(String raw, Source source) {
            String value = raw == null ? "" : raw.strip();
            if (value.isEmpty()) {
                return;
            }
            if (key == null) {
                key = value;
            } else if (!key.equals(value)) {
                ambiguous = true;
            }
            switch (source) {
                case HEADER -> header = true;
                case AUTHORIZATION -> authorization = true;
                case QUERY -> query = true;
            }
        }
    }
}
