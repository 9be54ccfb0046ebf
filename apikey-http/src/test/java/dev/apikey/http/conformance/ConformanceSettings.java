package dev.apikey.http.conformance;

import dev.apikey.KeyValidator;
import dev.apikey.RateLimit;
import dev.apikey.http.AuthorizationScheme;
import dev.apikey.http.EndpointRequirement;
import dev.apikey.http.ForwardedHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How the conformance kit asks an integration to configure the application under test. Every setting but the
 * validator may be {@code null} (or empty): then the integration's default applies, which must be the layer's. An
 * integration maps each setting to its own configuration (builder methods, properties, init parameters).
 *
 * @param validator              checks keys (the kit's {@link ConformanceKeys})
 * @param headerName             the key header, or {@code null} for {@code X-API-Key}
 * @param authorizationSchemes   {@code Authorization} schemes also read
 * @param queryParameter         a query parameter also read, or {@code null}
 * @param requireByDefault       whether unannotated endpoints without a matching rule need a key, or {@code null}
 * @param pathRules              path rules, in order
 * @param trustedProxies         CIDRs of trusted proxies
 * @param forwardedHeaders       which forwarding header they set, or {@code null} for {@code X-Forwarded-For}
 * @param requireSecureTransport whether keys must arrive over HTTPS, or {@code null}
 * @param failedAttemptLimit     the failed-attempt limit, or {@code null} (off)
 */
public record ConformanceSettings(
        KeyValidator validator,
        String headerName,
        Set<AuthorizationScheme> authorizationSchemes,
        String queryParameter,
        Boolean requireByDefault,
        List<PathRule> pathRules,
        List<String> trustedProxies,
        ForwardedHeaders forwardedHeaders,
        Boolean requireSecureTransport,
        RateLimit failedAttemptLimit) {

    /**
     * A path rule as an integration's configuration states it.
     *
     * @param pattern {@code /exact}, {@code /prefix/*} or {@code *.ext}
     * @param access  what matching paths require
     * @param scopes  with {@code REQUIRE}: all of these (none: any valid key)
     */
    public record PathRule(String pattern, EndpointRequirement.Access access, List<String> scopes) {}

    /** Copies the collections. */
    public ConformanceSettings {
        authorizationSchemes = Set.copyOf(authorizationSchemes);
        pathRules = List.copyOf(pathRules);
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** Everything at its default. */
    public static ConformanceSettings defaults(KeyValidator validator) {
        return new ConformanceSettings(validator, null, Set.of(), null, null, List.of(), List.of(), null, null, null);
    }

    public ConformanceSettings withHeaderName(String name) {
        return new ConformanceSettings(
                validator,
                name,
                authorizationSchemes,
                queryParameter,
                requireByDefault,
                pathRules,
                trustedProxies,
                forwardedHeaders,
                requireSecureTransport,
                failedAttemptLimit);
    }

    public ConformanceSettings withAuthorizationSchemes(AuthorizationScheme... schemes) {
        return new ConformanceSettings(
                validator,
                headerName,
                Set.of(schemes),
                queryParameter,
                requireByDefault,
                pathRules,
                trustedProxies,
                forwardedHeaders,
                requireSecureTransport,
                failedAttemptLimit);
    }

    public ConformanceSettings withQueryParameter(String name) {
        return new ConformanceSettings(
                validator,
                headerName,
                authorizationSchemes,
                name,
                requireByDefault,
                pathRules,
                trustedProxies,
                forwardedHeaders,
                requireSecureTransport,
                failedAttemptLimit);
    }

    public ConformanceSettings withRequireByDefault(boolean require) {
        return new ConformanceSettings(
                validator,
                headerName,
                authorizationSchemes,
                queryParameter,
                require,
                pathRules,
                trustedProxies,
                forwardedHeaders,
                requireSecureTransport,
                failedAttemptLimit);
    }

    public ConformanceSettings withPathRule(String pattern, EndpointRequirement.Access access, String... scopes) {
        List<PathRule> rules = new ArrayList<>(pathRules);
        rules.add(new PathRule(pattern, access, List.of(scopes)));
        return new ConformanceSettings(
                validator,
                headerName,
                authorizationSchemes,
                queryParameter,
                requireByDefault,
                rules,
                trustedProxies,
                forwardedHeaders,
                requireSecureTransport,
                failedAttemptLimit);
    }

    public ConformanceSettings withTrustedProxies(ForwardedHeaders headers, String... cidrs) {
        return new ConformanceSettings(
                validator,
                headerName,
                authorizationSchemes,
                queryParameter,
                requireByDefault,
                pathRules,
                List.of(cidrs),
                headers,
                requireSecureTransport,
                failedAttemptLimit);
    }

    public ConformanceSettings withRequireSecureTransport(boolean require) {
        return new ConformanceSettings(
                validator,
                headerName,
                authorizationSchemes,
                queryParameter,
                requireByDefault,
                pathRules,
                trustedProxies,
                forwardedHeaders,
                require,
                failedAttemptLimit);
    }

    public ConformanceSettings withFailedAttemptLimit(RateLimit limit) {
        return new ConformanceSettings(
                validator,
                headerName,
                authorizationSchemes,
                queryParameter,
                requireByDefault,
                pathRules,
                trustedProxies,
                forwardedHeaders,
                requireSecureTransport,
                limit);
    }
}
