package dev.apikey.spring.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.http.conformance.ConformanceSettings;
import dev.apikey.http.conformance.HttpConformanceKit;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The HTTP layer's conformance kit run against a Spring Boot MVC application with the starter, on a random port: the
 * kit's settings become {@code apikey.*} properties, its keys the application's {@code ApiKeys} bean.
 */
abstract class MvcConformance extends HttpConformanceKit {

    /** The application's configuration: the kit's controllers, auto-configuration and the server to run on. */
    abstract Class<?> application();

    /** What the simple class name of the web server the application must run on starts with. */
    abstract String server();

    @Override
    protected App start(ConformanceSettings settings) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application())
                .properties(properties(settings).toArray(String[]::new))
                .initializers(application -> application.getBeanFactory().registerSingleton("apiKeys", keys.apiKeys))
                .run();
        assertThat(((WebServerApplicationContext) context)
                        .getWebServer()
                        .getClass()
                        .getSimpleName())
                .startsWith(server());
        URI base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
        return new App() {
            @Override
            public URI baseUri() {
                return base;
            }

            @Override
            public void close() {
                context.close();
            }
        };
    }

    /** The kit's settings as a user writes them in application.properties. */
    static List<String> properties(ConformanceSettings settings) {
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
