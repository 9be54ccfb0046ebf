package dev.apikey.servlet;

import dev.apikey.IpNetwork;
import dev.apikey.KeyValidator;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Everything an {@link ApiKeyFilter} was configured with, validated. */
record FilterSettings(
        KeyValidator validator,
        String headerName,
        Set<AuthorizationScheme> authorizationSchemes,
        String queryParameter,
        boolean requireByDefault,
        List<PathRule> pathRules,
        boolean hideKey,
        boolean corsPreflightWithoutKey,
        List<IpNetwork> trustedProxies,
        ForwardedHeaders forwardedHeaders,
        boolean requireSecureTransport,
        String realm,
        Duration retryAfter,
        ErrorResponder errorResponder,
        dev.apikey.RateLimit failedAttemptLimit,
        int failedAttemptIpv6Prefix) {

    /** One line for the start-up log; never contains a secret. */
    String describe() {
        return "header=" + headerName
                + ", authorization=" + (authorizationSchemes.isEmpty() ? "off" : authorizationSchemes.stream()
                        .map(AuthorizationScheme::token).sorted().toList())
                + ", queryParameter=" + (queryParameter == null ? "off" : queryParameter)
                + ", requireByDefault=" + requireByDefault
                + ", pathRules=" + pathRules.stream().map(rule -> rule.pattern() + " " + rule.policy().access()
                        .name().toLowerCase(java.util.Locale.ROOT) + (rule.policy().scopes().isEmpty() ? ""
                        : " " + rule.policy().scopes())).toList()
                + ", hideKey=" + hideKey
                + ", corsPreflightWithoutKey=" + corsPreflightWithoutKey
                + ", trustedProxies=" + trustedProxies + (trustedProxies.isEmpty() ? "" : " via " + forwardedHeaders)
                + ", requireSecureTransport=" + requireSecureTransport
                + ", realm=" + realm
                + ", retryAfter=" + retryAfter.toSeconds() + "s"
                + ", errorResponder=" + errorResponder
                + ", failedAttemptLimit=" + (failedAttemptLimit == null ? "off"
                        : failedAttemptLimit + " per address (IPv6 per /" + failedAttemptIpv6Prefix + ")");
    }
}
