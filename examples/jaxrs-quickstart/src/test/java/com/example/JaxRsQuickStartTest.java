package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.apikey.ApiKeys;
import dev.apikey.IssuedKey;
import dev.apikey.KeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JAX-RS (Jersey) quick start over real HTTP: what its README section promises. */
final class JaxRsQuickStartTest {

    private final ApiKeys apiKeys = ApiKeys.builder().build();
    private final IssuedKey issued = apiKeys.issue(KeySpec.builder("demo").build());
    private final String key = issued.secret();
    private Server server;
    private URI secureData;

    @BeforeEach
    void start() throws Exception {
        server = JaxRsQuickStart.start(apiKeys, 0);
        ServerConnector connector = (ServerConnector) server.getConnectors()[0];
        assertEquals("localhost", connector.getHost(), "the quick start binds localhost only");
        secureData = URI.create("http://localhost:" + connector.getLocalPort() + "/secure-data");
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        apiKeys.close();
    }

    @Test
    void withoutAKeyTheAnswerIs401() throws Exception {
        HttpResponse<String> response = get(null);
        assertEquals(401, response.statusCode());
        assertTrue(response.body().contains("\"code\":\"missing_api_key\""), response.body());
    }

    @Test
    void withTheKeyTheResourceAnswersAndSeesItsId() throws Exception {
        HttpResponse<String> response = get(key);
        assertEquals(200, response.statusCode());
        assertEquals("{\"data\":\"This is secured data\",\"key\":\"" + issued.id() + "\"}", response.body());
    }

    @Test
    void anotherKeyIsRefused() throws Exception {
        String stranger = ApiKeys.builder().build().issue(KeySpec.builder("elsewhere").build()).secret();
        HttpResponse<String> response = get(stranger);
        assertEquals(401, response.statusCode());
        assertTrue(response.body().contains("\"code\":\"invalid_api_key\""), response.body());
    }

    private HttpResponse<String> get(String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(secureData).GET();
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
