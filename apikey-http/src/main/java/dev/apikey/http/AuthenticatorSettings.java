package dev.apikey.http;

import dev.apikey.IpNetwork;
import dev.apikey.KeyValidator;
import dev.apikey.RateLimit;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link ApiKeyAuthenticator} was built with, validated.
 *
 * @param validator               checks keys
 * @param headerName              the header keys are read from
 * @param authorizationSchemes    {@code Authorization} schemes keys are also read from
 * @param queryParameter          the query parameter keys are also read from, or {@code null}
 * @param trustedProxies          proxies whose forwarding headers are believed
 * @param forwardedHeaders        which forwarding headers they set
 * @param requireSecureTransport  whether keys must arrive over HTTPS
 * @param realm                   the realm of {@code WWW-Authenticate}
 * @param retryAfter              the {@code Retry-After} of a 503
 * @param failedAttemptLimit      failed attempts per client and window, or {@code null} (off)
 * @param failedAttemptIpv6Prefix the IPv6 prefix length that makes one client
 */
public record AuthenticatorSettings(
        KeyValidator validator,
        String headerName,
        Set<AuthorizationScheme> authorizationSchemes,
        @Nullable String queryParameter,
        List<IpNetwork> trustedProxies,
        ForwardedHeaders forwardedHeaders,
        boolean requireSecureTransport,
        String realm,
        Duration retryAfter,
        @Nullable RateLimit failedAttemptLimit,
        int failedAttemptIpv6Prefix) {

    /** Copies the collections. */
    public AuthenticatorSettings {
        authorizationSchemes = Set.copyOf(authorizationSchemes);
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** Where keys are read, e.g. {@code header=X-API-Key, authorization=[Bearer], queryParameter=off}. */
    public String describeKeySources() {
        return "header=" + headerName
                + ", authorization="
                + (authorizationSchemes.isEmpty()
                        ? "off"
                        : authorizationSchemes.stream()
                                .map(AuthorizationScheme::token)
                                .sorted()
                                .toList())
                + ", queryParameter=" + (queryParameter == null ? "off" : queryParameter);
    }

    /** Proxies, transport, realm, Retry-After and the failed-attempt limit, for a log line; never a secret. */
    public String describeRules() {
        return "trustedProxies=" + trustedProxies + (trustedProxies.isEmpty() ? "" : " via " + forwardedHeaders)
                + ", requireSecureTransport=" + requireSecureTransport
                + ", realm=" + realm
                + ", retryAfter=" + retryAfter.toSeconds() + "s"
                + ", failedAttemptLimit="
                + (failedAttemptLimit == null
                        ? "off"
                        : failedAttemptLimit + " per address (IPv6 per /" + failedAttemptIpv6Prefix + ")");
    }

    /** Everything, for a log line. */
    public String describe() {
        return describeKeySources() + ", " + describeRules();
    }
}
