package dev.apikey.http.conformance;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What every endpoint of the application under test answers (status 200, {@code text/plain}): the endpoint's name
 * and what its handler can see of the request, one {@code name=value} per line. The kit reads it to check that the
 * handler ran, who it was told the caller is, and that no key reached it.
 */
public final class HandlerEcho {

    private HandlerEcho() {}

    /**
     * The body to answer.
     *
     * @param endpoint    the endpoint's name from {@link HttpConformanceKit}'s table
     * @param principal   the authenticated key's id as the framework exposes it to the handler, or {@code null}
     * @param header      the handler's view of a request header by name ({@code null} when absent or hidden)
     * @param rawQuery    the handler's view of the raw query string, or {@code null}
     */
    public static String body(String endpoint, String principal, Function<String, String> header, String rawQuery) {
        return "endpoint=" + endpoint
                + "\nprincipal=" + (principal == null ? "-" : principal)
                + "\nx-api-key=" + header.apply("X-API-Key")
                + "\nx-custom-key=" + header.apply("X-Custom-Key")
                + "\nauthorization=" + header.apply("Authorization")
                + "\nquery=" + rawQuery + "\n";
    }

    /** The fields of an answer {@link #body} wrote. */
    static Map<String, String> parse(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                fields.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return fields;
    }
}
