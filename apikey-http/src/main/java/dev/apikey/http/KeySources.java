package dev.apikey.http;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Where a request carried a key — each such place is hidden from the application, ambiguous or not, on open
 * endpoints too.
 *
 * @param headers        the names of the headers that carried one, lower-case (the key header, {@code authorization})
 * @param queryParameter the query parameter that carried one, or {@code null}
 */
public record KeySources(Set<String> headers, @Nullable String queryParameter) {

    /** Nothing carried a key. */
    public static final KeySources NONE = new KeySources(Set.of(), null);

    /** Copies the names, lower-cased. */
    public KeySources {
        headers = headers.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** The places of this and {@code other} together. */
    public KeySources and(KeySources other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        Set<String> both = new HashSet<>(headers);
        both.addAll(other.headers);
        return new KeySources(both, queryParameter != null ? queryParameter : other.queryParameter);
    }

    /**
     * {@code rawQuery} without the key's query parameter (every occurrence, its name compared percent-decoded), as
     * the application may see it; {@code null} when nothing is left.
     */
    public @Nullable String visibleQuery(@Nullable String rawQuery) {
        if (queryParameter == null || rawQuery == null) {
            return rawQuery;
        }
        String visible = Arrays.stream(rawQuery.split("&", -1))
                .filter(pair -> !queryParameter.equals(decodedName(pair)))
                .collect(Collectors.joining("&"));
        return visible.isEmpty() ? null : visible;
    }

    /**
     * {@code uri} without the key's query parameter ({@link #visibleQuery}), every other part kept byte for byte —
     * nothing decoded or re-encoded; {@code uri} itself when its query carries no key.
     */
    public URI visibleUri(URI uri) {
        String rawQuery = uri.getRawQuery();
        String visibleQuery = visibleQuery(rawQuery);
        if (rawQuery == null || rawQuery.equals(visibleQuery)) {
            return uri;
        }
        StringBuilder rebuilt = new StringBuilder();
        if (uri.getScheme() != null) {
            rebuilt.append(uri.getScheme()).append(':');
        }
        if (uri.getRawAuthority() != null) {
            rebuilt.append("//").append(uri.getRawAuthority());
        }
        if (uri.getRawPath() != null) {
            rebuilt.append(uri.getRawPath());
        }
        if (visibleQuery != null) {
            rebuilt.append('?').append(visibleQuery);
        }
        if (uri.getRawFragment() != null) {
            rebuilt.append('#').append(uri.getRawFragment());
        }
        return URI.create(rebuilt.toString());
    }

    private static String decodedName(String pair) {
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    /** Whether no place carried a key. */
    public boolean isEmpty() {
        return headers.isEmpty() && queryParameter == null;
    }
}
