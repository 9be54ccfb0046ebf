package dev.apikey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.apikey.ApiKeys;
import dev.apikey.testing.CapturedLogs;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Never silently open: a Spring {@code DispatcherServlet} or a Jersey {@code ServletContainer} behind the filter
 * hides the annotations of the controllers and resources it dispatches to. Under the open default policy the filter
 * says so at start-up (WARN, once per dispatcher), naming what to do; it says nothing for ordinary servlets, nor
 * once a key is required by default or a path rule covers the dispatcher's mappings. The frameworks' classes are
 * real: the servlets are registered (Jetty starts them on a first request), the Jersey filter starts with the context.
 */
final class FrameworkDispatcherWarningTest {

    private final ApiKeys apiKeys = ApiKeys.builder().build();

    @AfterEach
    void close() {
        apiKeys.close();
    }

    /** A Spring MVC application's own subclass, as some register. */
    public static final class ApplicationDispatcher extends DispatcherServlet {
        private static final long serialVersionUID = 1L;
    }

    /** The filter's WARN lines when started in front of what {@code registrations} adds to a context. */
    private List<String> warningsFor(
            Consumer<ApiKeyFilter.Builder> options, Consumer<ServletContextHandler> registrations) throws Exception {
        ApiKeyFilter.Builder builder = ApiKeyFilter.builder().apiKeys(apiKeys);
        options.accept(builder);
        Server server = new Server(0);
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(builder.build()), "/*", EnumSet.allOf(DispatcherType.class));
        registrations.accept(context);
        server.setHandler(context);
        try (CapturedLogs logs = CapturedLogs.capture()) {
            server.start();
            return logs.events().stream()
                    .filter(event -> event.getLoggerName().equals(ApiKeyFilter.class.getName())
                            && event.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
        } finally {
            server.stop();
        }
    }

    private static Consumer<ApiKeyFilter.Builder> defaults() {
        return builder -> {};
    }

    @Test
    void springsDispatcherServletUnderTheOpenDefaultIsWarnedAboutOnce() throws Exception {
        List<String> warnings = warningsFor(defaults(), context -> {
            context.addServlet(new ServletHolder("dispatcher", DispatcherServlet.class), "/");
            context.addServlet(new ServletHolder("secure", TestServlets.Secure.class), "/secure");
        });

        assertThat(warnings)
                .singleElement()
                .asString()
                .startsWith(
                        "ApiKeyFilter: servlet 'dispatcher' (org.springframework.web.servlet.DispatcherServlet, mapped to"
                                + " [/]) is Spring MVC's DispatcherServlet: ApiKeyFilter sees only the servlet, not the controllers")
                .contains("annotations are NOT applied")
                .contains("every request to it that no path rule covers is open")
                .contains("requireByDefault(true)")
                .contains("requireKey(\"/*\")")
                .contains("apikey-spring-boot-starter")
                .contains("docs/servlet.md");
    }

    @Test
    void anApplicationsSubclassOfTheDispatcherIsRecognised() throws Exception {
        List<String> warnings = warningsFor(
                defaults(),
                context -> context.addServlet(new ServletHolder("app", ApplicationDispatcher.class), "/app/*"));

        assertThat(warnings)
                .singleElement()
                .asString()
                .contains("servlet 'app'")
                .contains("is Spring MVC's DispatcherServlet");
    }

    @Test
    void jerseysServletContainerIsWarnedAboutAsAServletAndAsAFilter() throws Exception {
        List<String> warnings = warningsFor(defaults(), context -> {
            context.addServlet(new ServletHolder("jersey", ServletContainer.class), "/api/*");
            FilterHolder filter = new FilterHolder(ServletContainer.class);
            filter.setName("jersey-filter");
            context.addFilter(filter, "/rest/*", EnumSet.of(DispatcherType.REQUEST));
        });

        assertThat(warnings).hasSize(2);
        assertThat(warnings)
                .anySatisfy(line -> assertThat(line)
                        .contains("servlet 'jersey'")
                        .contains("is Jersey's ServletContainer: ApiKeyFilter sees only the servlet, not the resources")
                        .contains("apikey-jaxrs"));
        assertThat(warnings)
                .anySatisfy(line -> assertThat(line)
                        .contains("filter 'jersey-filter'")
                        .contains("mapped to [/rest/*]")
                        .contains("ApiKeyFilter sees only the filter"));
    }

    @Test
    void ordinaryServletsAreNotWarnedAbout() throws Exception {
        List<String> warnings = warningsFor(defaults(), context -> {
            context.addServlet(new ServletHolder("secure", TestServlets.Secure.class), "/secure");
            context.addServlet(new ServletHolder("open", TestServlets.Open.class), "/");
        });

        assertThat(warnings).isEmpty();
    }

    @Test
    void aKeyRequiredByDefaultOrAPathRuleOverEveryMappingSilencesIt() throws Exception {
        Consumer<ServletContextHandler> jerseyAtApi =
                context -> context.addServlet(new ServletHolder("jersey", ServletContainer.class), "/api/*");

        assertThat(warningsFor(builder -> builder.requireByDefault(true), jerseyAtApi))
                .isEmpty();
        assertThat(warningsFor(builder -> builder.requireKey("/api/*"), jerseyAtApi))
                .isEmpty();
        assertThat(warningsFor(builder -> builder.requireKey("/*").permit("/api/health"), jerseyAtApi))
                .isEmpty();
        assertThat(warningsFor(builder -> builder.requireKey("/api/v1/*"), jerseyAtApi))
                .as("a rule over part of it")
                .singleElement()
                .asString()
                .contains("servlet 'jersey'");
        assertThat(warningsFor(
                        builder -> builder.requireKey("/api/*"),
                        context -> context.addServlet(new ServletHolder("dispatcher", DispatcherServlet.class), "/")))
                .as("the default servlet mapping serves every path")
                .hasSize(1);
    }
}
