package dev.apikey.example;

import dev.apikey.ApiKeys;
import dev.apikey.RateLimit;
import dev.apikey.servlet.ApiKeyFilter;
import dev.apikey.servlet.AuthorizationScheme;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The secured API on embedded Jetty 12: {@link #createServer} builds it, {@code serve} runs it. */
public final class ExampleServer {

    /** How long a stopping server waits for requests in flight. */
    static final long STOP_TIMEOUT_MILLIS = 10_000;

    private ExampleServer() {}

    /**
     * TLS settings: a PKCS#12 or JKS key store and its password.
     *
     * @param sniHostCheck whether a request's host name must be one the certificate covers (else 400, a problem
     *                     saying so; {@code serve --tls-sni-host-check})
     */
    record Tls(Path keyStore, String password, boolean sniHostCheck) {

        /** With the host check on. */
        Tls(Path keyStore, String password) {
            this(keyStore, password, true);
        }
    }

    /**
     * The server, not started: {@code /secure-data}, {@code /health}, {@code /whoami}, {@code /reports} and
     * {@code /admin/keys} behind an {@link ApiKeyFilter}, {@code TRACE} refused with 405 everywhere before it
     * ({@link NoTraceFilter}) and after it what no servlet handles ({@link UnhandledRequestFilter}: 405, 404);
     * every error a problem JSON body. Plain HTTP on {@code port}, or HTTPS only when {@code tls} is given (and then
     * the filter refuses keys over plain HTTP too).
     *
     * @param host the interface to listen on, e.g. {@code localhost} or {@code 0.0.0.0}
     * @param port 0 for any free port
     */
    public static Server createServer(String host, int port, ApiKeys apiKeys, Tls tls) {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector;
        if (tls == null) {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        } else {
            http.addCustomizer(new HostCheckingCustomizer(tls.sniHostCheck()));
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(tls.keyStore().toAbsolutePath().toString());
            ssl.setKeyStorePassword(tls.password());
            connector = new ServerConnector(
                    server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        }
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addServlet(new ServletHolder("secure-data", new SecureDataServlet()), "/secure-data");
        context.addServlet(new ServletHolder("health", new HealthServlet()), "/health");
        context.addServlet(new ServletHolder("whoami", new WhoAmIServlet()), "/whoami");
        context.addServlet(new ServletHolder("reports", new ReportsServlet()), "/reports");
        ServletHolder admin = new ServletHolder("admin-keys", new AdminKeysServlet(apiKeys));
        context.addServlet(admin, "/admin/keys");
        context.getServletHandler().addServletWithMapping(admin, "/admin/keys/*");
        AllowedMethods allowed = new AllowedMethods();
        context.addFilter(new FilterHolder(new NoTraceFilter(allowed)), "/*", EnumSet.of(DispatcherType.REQUEST));
        ApiKeyFilter filter = ApiKeyFilter.builder()
                .apiKeys(apiKeys)
                .authorizationSchemes(AuthorizationScheme.BEARER)
                .requireSecureTransport(tls != null)
                .failedAttemptLimit(RateLimit.parse("60/1m"))
                .build();
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.allOf(DispatcherType.class));
        context.addFilter(
                new FilterHolder(new UnhandledRequestFilter(allowed)), "/*", EnumSet.of(DispatcherType.REQUEST));

        context.setErrorHandler(new JsonErrorHandler());
        server.setErrorHandler(new ServerErrorHandler());
        server.setHandler(new GracefulHandler(context));
        server.setStopTimeout(STOP_TIMEOUT_MILLIS);
        return server;
    }

    /**
     * For the HTTP benchmark: serves the same {@code /secure-data} servlet at {@code /unprotected/secure-data} in
     * a second context without the filter, so both run in one server and one run.
     */
    static void addUnprotectedCopy(Server server) {
        ServletContextHandler unprotected = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        unprotected.setContextPath("/unprotected");
        unprotected.addServlet(new ServletHolder("secure-data", new SecureDataServlet()), "/secure-data");
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        contexts.addHandler(server.getHandler());
        contexts.addHandler(unprotected);
        server.setHandler(contexts);
    }

    /** The port the server listens on once started. */
    static int portOf(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }
}
