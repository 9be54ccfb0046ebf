package dev.apikey.servlet;

import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee10) on port 0. */
final class JettyContainer implements TestContainer {

    private Server server;

    @Override
    public URI start(Deployment deployment) throws Exception {
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(32 * 1024);
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.getServletHandler().setStartWithUnavailable(false);
        deployment.contextAttributes.forEach(context::setAttribute);
        deployment.listeners.forEach(context::addEventListener);
        for (Deployment.ServletSpec spec : deployment.servlets) {
            ServletHolder holder;
            if (spec.instance() != null) {
                holder = new ServletHolder(spec.name(), spec.instance());
            } else if (spec.type() != null) {
                holder = new ServletHolder(spec.name(), spec.type());
            } else {
                holder = new ServletHolder();
                holder.setName(spec.name());
                holder.setClassName(spec.className());
            }
            holder.setAsyncSupported(true);
            context.addServlet(holder, spec.mapping());
        }
        if (deployment.filter != null) {
            FilterHolder holder = new FilterHolder(deployment.filter);
            holder.setName("apikey");
            holder.setAsyncSupported(true);
            holder.setInitParameters(deployment.filterInitParameters);
            context.addFilter(holder, "/*", EnumSet.allOf(DispatcherType.class));
        }
        if (!deployment.errorPages.isEmpty()) {
            ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
            deployment.errorPages.forEach(errors::addErrorPage);
            context.setErrorHandler(errors);
        }
        server.setHandler(context);
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public String name() {
        return "Jetty";
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.stop();
        }
    }
}
