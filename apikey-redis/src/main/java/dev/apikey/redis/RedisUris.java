package dev.apikey.redis;

import io.lettuce.core.RedisURI;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Redis URIs as the limiter's builder accepts them. */
final class RedisUris {

    private RedisUris() {}

    /**
     * {@code uri} as Lettuce reads it, if Lettuce reads the host as written: an unencoded {@code #}, {@code ?} or
     * {@code @} in a password makes Lettuce take part of the password for the host, which it would then resolve and
     * print. The message never repeats the URI.
     */
    static RedisURI read(String uri) {
        String spelling = "uri is not a Redis URI: write redis://host:port[/database] or"
                + " rediss://user:password@host:port for TLS, with #, ?, @ and / in a password percent-encoded (%23,"
                + " %3F, %40, %2F)";
        RedisURI redisUri;
        try {
            redisUri = RedisURI.create(uri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(spelling);
        }
        String scheme = uri.substring(0, Math.max(0, uri.indexOf(':'))).toLowerCase(Locale.ROOT);
        if (scheme.equals("redis") || scheme.equals("rediss")) {
            URI parsed;
            try {
                parsed = new URI(uri);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(spelling);
            }
            String host = parsed.getHost();
            if (host == null || parsed.getRawFragment() != null || !host.equalsIgnoreCase(redisUri.getHost())) {
                throw new IllegalArgumentException(spelling);
            }
        }
        return redisUri;
    }
}
