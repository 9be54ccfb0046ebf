package dev.apikey.servlet;

/** The filter contract on embedded Tomcat 11: the filter is container-independent. */
final class TomcatApiKeyFilterTest extends ApiKeyFilterContract {

    @Override
    TestContainer newContainer() {
        return new TomcatContainer();
    }
}
