package dev.apikey.spring;

import dev.apikey.ApiKeys;
import dev.apikey.KeyHasher;
import dev.apikey.RateLimit;
import dev.apikey.ScopeMatch;
import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.AuthorizationScheme;
import dev.apikey.http.ForwardedHeaders;
import dev.apikey.http.PathRules;
import dev.apikey.servlet.ErrorResponder;
import java.net.URI;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** {@link ApiKeyProperties} applied to the library's builders, each failure naming its property. */
final class ApiKeySettings {

    private ApiKeySettings() {}

    static ApiKeys.Builder apiKeys(ApiKeyProperties properties) {
        ApiKeys.Builder builder = ApiKeys.builder();
        if (properties.getPrefix() != null) {
            set("apikey.prefix", () -> builder.prefix(properties.getPrefix()));
        }
        String pepper = properties.getPepper();
        if (pepper != null) {
            if (pepper.contains("${")) {
                // Spring leaves a placeholder it cannot resolve as it is: it would become the pepper, for good.
                throw new InvalidApiKeyPropertyException(
                        "apikey.pepper",
                        "it holds a placeholder that was not resolved; set the environment variable or property it"
                                + " names (e.g. APIKEY_PEPPER) before starting");
            }
            // The library's messages about a pepper never quote it.
            set("apikey.pepper", () -> builder.hasher(KeyHasher.hmacSha256(pepper)));
        }
        set("apikey.usage-flush-interval", () -> builder.usageFlushInterval(properties.getUsageFlushInterval()));
        return builder;
    }

    /** Problem details, with {@code apikey.problem-type-base} when set. */
    static ErrorResponder errorResponder(ApiKeyProperties properties) {
        URI typeBase = properties.getProblemTypeBase();
        if (typeBase == null) {
            return ErrorResponder.problemJson();
        }
        return checked("apikey.problem-type-base", () -> ErrorResponder.problemJson(typeBase));
    }

    /** {@code apikey.problem-type-base} as text, checked to be absolute; {@code null} when not set. */
    static @Nullable String problemTypeBase(ApiKeyProperties properties) {
        URI typeBase = properties.getProblemTypeBase();
        if (typeBase == null) {
            return null;
        }
        if (!typeBase.isAbsolute()) {
            throw new InvalidApiKeyPropertyException(
                    "apikey.problem-type-base", "write an absolute URI such as https://api.example.com/problems/");
        }
        return typeBase.toString();
    }

    static ApiKeyAuthenticator.Builder authenticator(ApiKeyProperties p) {
        ApiKeyAuthenticator.Builder builder = ApiKeyAuthenticator.builder();
        set("apikey.header-name", () -> builder.headerName(p.getHeaderName()));
        if (!p.getAuthorizationSchemes().isEmpty()) {
            set(
                    "apikey.authorization-schemes",
                    () -> builder.authorizationSchemes(p.getAuthorizationSchemes().stream()
                            .map(AuthorizationScheme::fromToken)
                            .toArray(AuthorizationScheme[]::new)));
        }
        if (p.getQueryParameter() != null && !p.getQueryParameter().isEmpty()) {
            set("apikey.query-parameter", () -> builder.queryParameter(p.getQueryParameter()));
        }
        if (!p.getTrustedProxies().isEmpty()) {
            set(
                    "apikey.trusted-proxies",
                    () -> builder.trustedProxies(p.getTrustedProxies().toArray(String[]::new)));
        }
        set(
                "apikey.forwarded-headers",
                () -> builder.forwardedHeaders(ForwardedHeaders.fromHeaderName(p.getForwardedHeaders())));
        builder.requireSecureTransport(p.isRequireSecureTransport());
        set("apikey.realm", () -> builder.realm(p.getRealm()));
        set("apikey.retry-after", () -> builder.retryAfter(p.getRetryAfter()));
        if (p.getFailedAttemptLimit() != null && !p.getFailedAttemptLimit().isBlank()) {
            set(
                    "apikey.failed-attempt-limit",
                    () -> builder.failedAttemptLimit(RateLimit.parse(p.getFailedAttemptLimit())));
        }
        if (p.getFailedAttemptIpv6Prefix() != null) {
            set(
                    "apikey.failed-attempt-ipv6-prefix",
                    () -> builder.failedAttemptIpv6Prefix(p.getFailedAttemptIpv6Prefix()));
        }
        return builder;
    }

    static PathRules pathRules(ApiKeyProperties p) {
        PathRules.Builder builder = PathRules.builder().requireByDefault(p.isRequireByDefault());
        for (int i = 0; i < p.getPathRules().size(); i++) {
            ApiKeyProperties.PathRuleProperties rule = p.getPathRules().get(i);
            String name = "apikey.path-rules[" + i + "]";
            String access =
                    rule.getAccess() == null ? "" : rule.getAccess().strip().toLowerCase(Locale.ROOT);
            set(name + ".pattern", () -> {
                switch (access) {
                    case "require" ->
                        builder.requireKey(
                                rule.getPattern(),
                                ScopeMatch.ALL,
                                rule.getScopes().toArray(String[]::new));
                    case "permit" -> builder.permit(rule.getPattern());
                    case "deny" -> builder.deny(rule.getPattern());
                    default ->
                        throw new InvalidApiKeyPropertyException(name + ".access", "write require, permit or deny");
                }
            });
        }
        return builder.build();
    }

    /** Runs {@code setting}; its {@link IllegalArgumentException} becomes one naming {@code property}. */
    private static void set(String property, Runnable setting) {
        checked(property, () -> {
            setting.run();
            return property;
        });
    }

    /** What {@code value} makes; its {@link IllegalArgumentException} becomes one naming {@code property}. */
    static <T> T checked(String property, Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidApiKeyPropertyException(property, String.valueOf(e.getMessage()));
        }
    }
}
