package dev.apikey.servlet;

/** The HTTP conformance kit on embedded Tomcat 11. */
final class TomcatConformanceTest extends ServletConformance {
    @Override
    TestContainer newContainer() {
        return new TomcatContainer();
    }
}
