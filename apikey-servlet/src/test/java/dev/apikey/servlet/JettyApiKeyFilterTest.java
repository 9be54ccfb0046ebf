package dev.apikey.servlet;

/** The filter contract on embedded Jetty 12 (ee10). */
final class JettyApiKeyFilterTest extends ApiKeyFilterContract {

    @Override
    TestContainer newContainer() {
        return new JettyContainer();
    }
}
