package dev.apikey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.RequireApiKey;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A filter before {@link ApiKeyFilter} that wraps the request — a remote-IP filter (Tomcat's {@code RemoteIpFilter},
 * Spring's {@code ForwardedHeaderFilter}) exposing the client's address and TLS, or one that moves a key from a
 * cookie to the key header — is believed: the client's address and transport are the wrapper's, and a key it
 * presents is hidden like one the client sent. Found in review: the filter had read them beneath every wrapper, so
 * a key restricted to the proxy's network was accepted from any client.
 */
final class UpstreamWrapperTest {

    private final ApiKeys apiKeys = ApiKeys.builder().build();
    private Server server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        apiKeys.close();
    }

    @RequireApiKey
    public static class Secure extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write("secure data");
        }
    }

    public static class Open extends HttpServlet {
        @Override
        @PermitAll
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write("key header seen: " + req.getHeader("X-API-Key"));
        }
    }

    /** What a remote-IP filter does once it has validated the proxy's headers: the client 203.0.113.9, over TLS. */
    private static final Filter REMOTE_IP = (request, response, chain) -> chain.doFilter(
            new HttpServletRequestWrapper((HttpServletRequest) request) {
                @Override
                public String getRemoteAddr() {
                    return "203.0.113.9";
                }

                @Override
                public boolean isSecure() {
                    return true;
                }
            },
            response);

    private URI start(Filter upstream, ApiKeyFilter filter) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder("secure", Secure.class), "/secure");
        context.addServlet(new ServletHolder("open", Open.class), "/open");
        context.addFilter(new FilterHolder(upstream), "/*", EnumSet.allOf(DispatcherType.class));
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.allOf(DispatcherType.class));
        server.setHandler(context);
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    private static HttpResponse<String> get(URI base, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theClientAddressAndTransportAreThoseTheFilterBeforePresents() throws Exception {
        String proxyNetworkOnly = apiKeys.issue(KeySpec.builder("internal")
                        .allowedNetworks("127.0.0.0/8")
                        .build())
                .secret();
        String clientNetwork = apiKeys.issue(KeySpec.builder("partner")
                        .allowedNetworks("203.0.113.0/24")
                        .build())
                .secret();
        URI base = start(
                REMOTE_IP,
                ApiKeyFilter.builder()
                        .apiKeys(apiKeys)
                        .requireSecureTransport(true)
                        .build());

        HttpResponse<String> fromOutside = get(base, "/secure", proxyNetworkOnly);
        assertThat(fromOutside.statusCode()).isEqualTo(403);
        assertThat(fromOutside.body()).contains("network_not_allowed").doesNotContain("secure data");

        HttpResponse<String> partner = get(base, "/secure", clientNetwork);
        assertThat(partner.statusCode()).as("TLS as the filter before says").isEqualTo(200);
        assertThat(partner.body()).isEqualTo("secure data");
    }

    @Test
    void aKeyTheFilterBeforePresentsIsHiddenOnOpenEndpointsToo() throws Exception {
        String key = apiKeys.issue(KeySpec.builder("cookie").build()).secret();
        Filter cookieToHeader = (request, response, chain) -> chain.doFilter(
                new HttpServletRequestWrapper((HttpServletRequest) request) {
                    @Override
                    public String getHeader(String name) {
                        return name.equalsIgnoreCase("X-API-Key") ? key : super.getHeader(name);
                    }

                    @Override
                    public Enumeration<String> getHeaders(String name) {
                        return name.equalsIgnoreCase("X-API-Key")
                                ? Collections.enumeration(List.of(key))
                                : super.getHeaders(name);
                    }
                },
                response);
        URI base = start(cookieToHeader, ApiKeyFilter.builder().apiKeys(apiKeys).build());

        HttpResponse<String> open = get(base, "/open", null);
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).isEqualTo("key header seen: null");
    }
}
