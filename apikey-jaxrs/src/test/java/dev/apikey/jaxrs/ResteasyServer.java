package dev.apikey.jaxrs;

import io.undertow.Undertow;
import jakarta.ws.rs.core.Application;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;

/** RESTEasy on embedded Undertow (its servlet container), on a free loopback port. */
final class ResteasyServer extends UndertowJaxrsServer implements TestServer {

    private URI base;

    private ResteasyServer() {}

    /** Serves {@code resources} with {@code singletons} registered, RESTEasy's context parameters set. */
    static ResteasyServer start(Set<Class<?>> resources, Set<Object> singletons, Map<String, String> contextParams) {
        ResteasyServer server = new ResteasyServer();
        server.setContextParams(new HashMap<>(contextParams));
        server.start(Undertow.builder().addHttpListener(0, "127.0.0.1"));
        server.deploy(
                new Application() {
                    @Override
                    public Set<Class<?>> getClasses() {
                        return resources;
                    }

                    @Override
                    public Set<Object> getSingletons() {
                        return singletons;
                    }
                },
                "/");
        InetSocketAddress address =
                (InetSocketAddress) server.server.getListenerInfo().get(0).getAddress();
        server.base = URI.create("http://127.0.0.1:" + address.getPort());
        return server;
    }

    /** Serves {@code resources} with {@code singletons} registered. */
    static ResteasyServer start(Set<Class<?>> resources, Object... singletons) {
        return start(resources, Set.of(singletons), Map.of());
    }

    @Override
    public URI baseUri() {
        return base;
    }

    @Override
    public void close() {
        stop();
    }
}
