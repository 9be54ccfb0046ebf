package com.example;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.RequireApiKey;
import dev.apikey.servlet.ApiKeyFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A protected endpoint on embedded Jetty 12: {@code GET /secure-data} needs an API key. */
public final class JettyQuickStart {

    @RequireApiKey
    public static class SecureDataServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.getWriter().write("{\"data\":\"This is secured data\"}");
        }
    }

    public static void main(String[] args) throws Exception {
        ApiKeys apiKeys = ApiKeys.builder().build();                   // in memory: see the SQL store quick start
        String key = apiKeys.issue(KeySpec.builder("demo").build()).secret();  // shown once, stored as a hash
        Server server = start(apiKeys, 8080);
        System.out.println("try: curl -i -H 'X-API-Key: " + key + "' http://localhost:8080/secure-data");
        server.join();
    }

    /** Starts Jetty on localhost only (not every interface); port 0 picks a free port. */
    static Server start(ApiKeys apiKeys, int port) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("localhost");
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(SecureDataServlet.class, "/secure-data");
        context.addFilter(new FilterHolder(ApiKeyFilter.builder().apiKeys(apiKeys).build()),
                "/*", EnumSet.allOf(DispatcherType.class));          // all dispatcher types: see docs/servlet.md
        server.setHandler(context);
        server.start();
        return server;
    }
}
