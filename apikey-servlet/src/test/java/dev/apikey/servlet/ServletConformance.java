package dev.apikey.servlet;

import dev.apikey.http.conformance.ConformanceSettings;
import dev.apikey.http.conformance.HttpConformanceKit;
import java.net.URI;

/** The HTTP layer's conformance kit run against {@link ApiKeyFilter} in a servlet container. */
abstract class ServletConformance extends HttpConformanceKit {

    /** A container not started yet. */
    abstract TestContainer newContainer();

    @Override
    protected App start(ConformanceSettings settings) throws Exception {
        TestContainer container = newContainer();
        URI base = container.start(KitServlets.deployment().filter(filterFor(settings)));
        return new App() {
            @Override
            public URI baseUri() {
                return base;
            }

            @Override
            public void close() throws Exception {
                container.close();
            }
        };
    }

    /** The kit's settings as the filter's builder states them. */
    static ApiKeyFilter filterFor(ConformanceSettings settings) {
        ApiKeyFilter.Builder filter = ApiKeyFilter.builder().validator(settings.validator());
        if (settings.headerName() != null) {
            filter.headerName(settings.headerName());
        }
        if (!settings.authorizationSchemes().isEmpty()) {
            filter.authorizationSchemes(settings.authorizationSchemes().stream()
                    .map(scheme -> AuthorizationScheme.fromToken(scheme.token()))
                    .toArray(AuthorizationScheme[]::new));
        }
        if (settings.queryParameter() != null) {
            filter.queryParameter(settings.queryParameter());
        }
        if (settings.requireByDefault() != null) {
            filter.requireByDefault(settings.requireByDefault());
        }
        for (ConformanceSettings.PathRule rule : settings.pathRules()) {
            switch (rule.access()) {
                case PERMIT -> filter.permit(rule.pattern());
                case DENY -> filter.deny(rule.pattern());
                case REQUIRE -> filter.requireKey(rule.pattern(), rule.scopes().toArray(String[]::new));
            }
        }
        if (!settings.trustedProxies().isEmpty()) {
            filter.trustedProxies(settings.trustedProxies().toArray(String[]::new));
        }
        if (settings.forwardedHeaders() != null) {
            filter.forwardedHeaders(
                    ForwardedHeaders.valueOf(settings.forwardedHeaders().name()));
        }
        if (settings.requireSecureTransport() != null) {
            filter.requireSecureTransport(settings.requireSecureTransport());
        }
        if (settings.failedAttemptLimit() != null) {
            filter.failedAttemptLimit(settings.failedAttemptLimit());
        }
        return filter.build();
    }
}
