package dev.apikey.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad {@code apikey.*} property into Spring Boot's start-up report: which property, what is wrong, what to do. */
final class InvalidApiKeyPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidApiKeyPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidApiKeyPropertyException cause) {
        return new FailureAnalysis(
                "The property " + cause.property() + " cannot be used: " + cause.problem(),
                "Fix or remove " + cause.property() + " (application.properties, application.yml or the environment);"
                        + " the README's Spring Boot properties table lists every apikey property.",
                cause);
    }
}
