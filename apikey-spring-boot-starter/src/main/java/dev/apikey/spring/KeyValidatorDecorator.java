package dev.apikey.spring;

import dev.apikey.KeyValidator;

/** Wraps the validator the HTTP layer uses (metrics); beans of this type are applied in order. */
@FunctionalInterface
interface KeyValidatorDecorator {

    KeyValidator decorate(KeyValidator validator);
}
