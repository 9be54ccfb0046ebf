package dev.apikey.servlet;

import java.net.URI;

/** An embedded servlet container on a free loopback port. */
interface TestContainer extends AutoCloseable {

    /** Starts the deployment; returns the base URI, e.g. {@code http://127.0.0.1:41234}. */
    URI start(Deployment deployment) throws Exception;

    /** The container's name, for messages. */
    String name();

    @Override
    void close() throws Exception;
}
