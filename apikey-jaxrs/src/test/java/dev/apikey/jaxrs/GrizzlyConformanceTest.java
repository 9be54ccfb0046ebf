package dev.apikey.jaxrs;

import java.net.URI;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The HTTP conformance kit on Jersey's Grizzly server: no servlet container, so the peer address comes from the
 * application's {@link GrizzlyPeerAddress} filter (the trusted-proxy and failed-attempt cases need it).
 */
final class GrizzlyConformanceTest extends JaxRsConformance {
    @Override
    TestServer start(ApiKeyFeature feature) {
        ResourceConfig application =
                new ResourceConfig(KitResources.classes()).register(feature).register(GrizzlyPeerAddress.class);
        HttpServer server =
                GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), application, true);
        URI base = URI.create(
                "http://127.0.0.1:" + server.getListeners().iterator().next().getPort());
        return new TestServer() {
            @Override
            public URI baseUri() {
                return base;
            }

            @Override
            public void close() {
                server.shutdownNow();
            }
        };
    }
}
