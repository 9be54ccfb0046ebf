package dev.apikey.example;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** The end of logging: the asynchronous access log writes out every line still waiting, then logging stops. */
final class Logging {

    private Logging() {}

    /** Call last, just before the process exits: nothing is logged after it. */
    static void flushAndStop() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
        System.err.flush();
    }
}
