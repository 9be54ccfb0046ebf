package dev.apikey.jaxrs;

/** The HTTP conformance kit on RESTEasy (on Undertow). */
final class ResteasyConformanceTest extends JaxRsConformance {
    @Override
    TestServer start(ApiKeyFeature feature) {
        return ResteasyServer.start(KitResources.classes(), feature);
    }
}
