package dev.apikey.http;

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

    /** Whether no place carried a key. */
    public boolean isEmpty() {
        return headers.isEmpty() && queryParameter == null;
    }
}
