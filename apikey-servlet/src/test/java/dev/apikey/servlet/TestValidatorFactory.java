package dev.apikey.servlet;

import dev.apikey.ApiKeys;
import dev.apikey.KeyValidator;
import jakarta.servlet.ServletContext;

/** A {@link KeyValidatorFactory} for the web.xml tests: takes ApiKeys from the attribute "test.apikeys". */
public final class TestValidatorFactory implements KeyValidatorFactory {

    @Override
    public KeyValidator create(ServletContext context) {
        return ((ApiKeys) context.getAttribute("test.apikeys")).validator();
    }
}
