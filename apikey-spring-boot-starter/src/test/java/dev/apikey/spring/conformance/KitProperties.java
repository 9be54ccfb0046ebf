package dev.apikey.spring.conformance;

import dev.apikey.http.conformance.ConformanceSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The conformance kit's settings as a user writes them in application.properties, for every Spring test app. */
public final class KitProperties {

    private KitProperties() {}

    /** The kit's settings as a user writes them in application.properties. */
    public static List<String> of(ConformanceSettings settings) {
        List<String> properties = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off"));
        if (settings.headerName() != null) {
            properties.add("apikey.header-name=" + settings.headerName());
        }
        if (!settings.authorizationSchemes().isEmpty()) {
            properties.add("apikey.authorization-schemes="
                    + settings.authorizationSchemes().stream()
                            .map(scheme -> scheme.token())
                            .collect(Collectors.joining(",")));
        }
        if (settings.queryParameter() != null) {
            properties.add("apikey.query-parameter=" + settings.queryParameter());
        }
        if (settings.requireByDefault() != null) {
            properties.add("apikey.require-by-default=" + settings.requireByDefault());
        }
        for (int i = 0; i < settings.pathRules().size(); i++) {
            ConformanceSettings.PathRule rule = settings.pathRules().get(i);
            properties.add("apikey.path-rules[" + i + "].pattern=" + rule.pattern());
            properties.add("apikey.path-rules[" + i + "].access="
                    + rule.access().name().toLowerCase());
            if (!rule.scopes().isEmpty()) {
                properties.add("apikey.path-rules[" + i + "].scopes=" + String.join(",", rule.scopes()));
            }
        }
        if (!settings.trustedProxies().isEmpty()) {
            properties.add("apikey.trusted-proxies=" + String.join(",", settings.trustedProxies()));
        }
        if (settings.forwardedHeaders() != null) {
            properties.add("apikey.forwarded-headers="
                    + switch (settings.forwardedHeaders()) {
                        case X_FORWARDED_FOR -> "X-Forwarded-For";
                        case FORWARDED -> "Forwarded";
                    });
        }
        if (settings.requireSecureTransport() != null) {
            properties.add("apikey.require-secure-transport=" + settings.requireSecureTransport());
        }
        if (settings.failedAttemptLimit() != null) {
            properties.add("apikey.failed-attempt-limit=" + settings.failedAttemptLimit());
        }
        return properties;
    }
}
