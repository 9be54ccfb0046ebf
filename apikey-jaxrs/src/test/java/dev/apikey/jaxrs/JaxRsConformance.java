package dev.apikey.jaxrs;

import dev.apikey.http.conformance.ConformanceSettings;
import dev.apikey.http.conformance.HttpConformanceKit;
import java.net.URI;

/** The HTTP layer's conformance kit run against {@link ApiKeyFeature} on a Jakarta REST runtime. */
abstract class JaxRsConformance extends HttpConformanceKit {

    /** Starts the kit's resources with {@code feature} registered, on a free loopback port. */
    abstract TestServer start(ApiKeyFeature feature) throws Exception;

    @Override
    protected App start(ConformanceSettings settings) throws Exception {
        TestServer server = start(featureFor(settings));
        return new App() {
            @Override
            public URI baseUri() {
                return server.baseUri();
            }

            @Override
            public void close() throws Exception {
                server.close();
            }
        };
    }

    /** The kit's settings as the feature's builder states them. */
    static ApiKeyFeature featureFor(ConformanceSettings settings) {
        ApiKeyFeature.Builder feature = ApiKeyFeature.builder().validator(settings.validator());
        if (settings.headerName() != null) {
            feature.headerName(settings.headerName());
        }
        if (!settings.authorizationSchemes().isEmpty()) {
            feature.authorizationSchemes(
                    settings.authorizationSchemes().toArray(dev.apikey.http.AuthorizationScheme[]::new));
        }
        if (settings.queryParameter() != null) {
            feature.queryParameter(settings.queryParameter());
        }
        if (settings.requireByDefault() != null) {
            feature.requireByDefault(settings.requireByDefault());
        }
        for (ConformanceSettings.PathRule rule : settings.pathRules()) {
            switch (rule.access()) {
                case PERMIT -> feature.permit(rule.pattern());
                case DENY -> feature.deny(rule.pattern());
                case REQUIRE -> feature.requireKey(rule.pattern(), rule.scopes().toArray(String[]::new));
            }
        }
        if (!settings.trustedProxies().isEmpty()) {
            feature.trustedProxies(settings.trustedProxies().toArray(String[]::new));
        }
        if (settings.forwardedHeaders() != null) {
            feature.forwardedHeaders(settings.forwardedHeaders());
        }
        if (settings.requireSecureTransport() != null) {
            feature.requireSecureTransport(settings.requireSecureTransport());
        }
        if (settings.failedAttemptLimit() != null) {
            feature.failedAttemptLimit(settings.failedAttemptLimit());
        }
        return feature.build();
    }
}
