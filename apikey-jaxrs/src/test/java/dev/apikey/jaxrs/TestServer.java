package dev.apikey.jaxrs;

import java.net.URI;

/** A Jakarta REST runtime serving an application on a free loopback port. */
interface TestServer extends AutoCloseable {

    /** Where the application's resources are, e.g. {@code http://127.0.0.1:41234}. */
    URI baseUri();
}
