package dev.apikey.jaxrs;

import java.net.URI;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/** Jersey's {@code ServletContainer} on embedded Jetty 12 (ee10), on a free loopback port. */
final class JerseyServer implements TestServer {

    private final Server server = new Server();
    private final URI base;

    private JerseyServer(ResourceConfig application) throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addServlet(new ServletHolder("jersey", new ServletContainer(application)), "/*");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** Serves {@code resources} with {@code providers} registered. */
    static JerseyServer start(Set<Class<?>> resources, Object... providers) throws Exception {
        ResourceConfig application = new ResourceConfig(resources);
        for (Object provider : providers) {
            if (provider instanceof Class<?> type) {
                application.register(type);
            } else {
                application.register(provider);
            }
        }
        return new JerseyServer(application);
    }

    @Override
    public URI baseUri() {
        return base;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
