package com.example;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.RequireApiKey;
import dev.apikey.jaxrs.ApiKeyFeature;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;

/** A protected Jersey resource on embedded Jetty 12: {@code GET /secure-data} needs an API key. */
public final class JaxRsQuickStart {

    @Path("/secure-data")
    public static class SecureData {
        @GET
        @Produces("application/json")
        @RequireApiKey
        public String get(@Context SecurityContext caller) {          // the key's ApiKeyPrincipal; never the key
            return "{\"data\":\"This is secured data\",\"key\":\"" + caller.getUserPrincipal().getName() + "\"}";
        }
    }

    public static void main(String[] args) throws Exception {
        ApiKeys apiKeys = ApiKeys.builder().build();                   // in memory: see the SQL store quick start
        String key = apiKeys.issue(KeySpec.builder("demo").build()).secret();  // shown once, stored as a hash
        Server server = start(apiKeys, 8080);
        System.out.println("try: curl -i -H 'X-API-Key: " + key + "' http://localhost:8080/secure-data");
        server.join();
    }

    /** Starts Jersey on Jetty on localhost only (not every interface); port 0 picks a free port. */
    static Server start(ApiKeys apiKeys, int port) throws Exception {
        ResourceConfig application = new ResourceConfig(SecureData.class)
                .register(ApiKeyFeature.of(apiKeys))                   // every resource method follows its annotations
                .property(ServerProperties.WADL_FEATURE_DISABLE, true);  // (Jersey's WADL needs JAXB: off)

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("localhost");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new ServletContainer(application)), "/*");
        server.setHandler(context);
        server.start();
        return server;
    }
}
