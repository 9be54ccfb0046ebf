package dev.apikey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.RequireApiKey;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The README's fifteen-line protected endpoint, run as written (port 0 instead of 8080). */
final class ReadmeExampleTest {

    @RequireApiKey
    public static class SecureDataServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("application/json");
            resp.getWriter().write("{\"data\":\"This is secured data\"}");
        }
    }

    @Test
    void aProtectedEndpointInFifteenLines() throws Exception {
        ApiKeys apiKeys = ApiKeys.builder().build();
        String key = apiKeys.issue(KeySpec.builder("demo").build()).secret();
        Server server = new Server(0);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(SecureDataServlet.class, "/secure-data");
        context.addFilter(new FilterHolder(ApiKeyFilter.builder().apiKeys(apiKeys).build()), "/*",
                EnumSet.allOf(DispatcherType.class));
        server.setHandler(context);
        server.start();
        try {
            Http http = new Http(URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort()));

            HttpResponse<String> ok = http.get("/secure-data", "X-API-Key", key);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("{\"data\":\"This is secured data\"}");
            HttpResponse<String> refused = http.get("/secure-data");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(Http.jsonField(refused.body(), "code")).isEqualTo("missing_api_key");
        } finally {
            server.stop();
            apiKeys.close();
        }
    }
}
