package dev.apikey.servlet;

/** The HTTP conformance kit on embedded Jetty 12. */
final class JettyConformanceTest extends ServletConformance {
    @Override
    TestContainer newContainer() {
        return new JettyContainer();
    }
}
