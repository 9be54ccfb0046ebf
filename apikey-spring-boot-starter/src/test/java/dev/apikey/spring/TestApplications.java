package dev.apikey.spring;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the tests' Spring Boot applications on a random port and sends them real HTTP requests. */
final class TestApplications {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private TestApplications() {}

    /** {@code application} on a free port, with {@code properties} as in application.properties. */
    static ConfigurableApplicationContext start(Class<?> application, String... properties) {
        List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off"));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(application)
                .properties(all.toArray(String[]::new))
                .run();
    }

    /** Where a started application listens. */
    static URI baseUri(ConfigurableApplicationContext context) {
        return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }

    /** Sends {@code method path} with header name/value pairs. */
    static HttpResponse<String> send(
            ConfigurableApplicationContext context, String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri(context).resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code GET path} with header name/value pairs. */
    static HttpResponse<String> get(ConfigurableApplicationContext context, String path, String... headers)
            throws Exception {
        return send(context, "GET", path, headers);
    }
}
