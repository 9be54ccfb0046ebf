package dev.apikey.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a key store that cannot be used into Spring Boot's start-up report: what is wrong, what to do. */
final class UnusableKeyStoreFailureAnalyzer extends AbstractFailureAnalyzer<UnusableKeyStoreException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnusableKeyStoreException cause) {
        return new FailureAnalysis("The apikey key store cannot be used: " + cause.getMessage(), cause.action(), cause);
    }
}
