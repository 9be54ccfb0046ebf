package dev.apikey.servlet;

import dev.apikey.KeyValidator;
import jakarta.servlet.ServletContext;

/**
 * Supplies the {@link KeyValidator} to an {@link ApiKeyFilter} configured in {@code web.xml}: name an
 * implementation (public, with a public no-argument constructor) in the filter's {@code validator-factory}
 * init parameter. Called once, at filter initialisation.
 */
@FunctionalInterface
public interface KeyValidatorFactory {

    /** The validator the filter will use; typically {@code apiKeys.validator()} of an application-wide {@code ApiKeys}. */
    KeyValidator create(ServletContext context) throws Exception;
}
