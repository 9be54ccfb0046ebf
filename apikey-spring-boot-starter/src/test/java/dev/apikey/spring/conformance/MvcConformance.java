package dev.apikey.spring.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.http.conformance.ConformanceSettings;
import dev.apikey.http.conformance.HttpConformanceKit;
import java.net.URI;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The HTTP layer's conformance kit run against a Spring Boot application (MVC or WebFlux) with the starter, on a
 * random port: the kit's settings become {@code apikey.*} properties, its keys the application's {@code ApiKeys} bean.
 */
abstract class MvcConformance extends HttpConformanceKit {

    /** The application's configuration: the kit's controllers, auto-configuration and the server to run on. */
    abstract Class<?> application();

    /** What the simple class name of the web server the application must run on starts with. */
    abstract String server();

    /** Properties of this kind of application beyond the kit's settings. */
    List<String> extraProperties() {
        return List.of();
    }

    @Override
    protected App start(ConformanceSettings settings) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application())
                .properties(Stream.concat(KitProperties.of(settings).stream(), extraProperties().stream())
                        .toArray(String[]::new))
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
}
