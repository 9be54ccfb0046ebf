package dev.apikey.jaxrs;

/** The HTTP conformance kit on Jersey (its servlet container on Jetty 12). */
final class JerseyConformanceTest extends JaxRsConformance {
    @Override
    TestServer start(ApiKeyFeature feature) throws Exception {
        return JerseyServer.start(KitResources.classes(), feature);
    }
}
