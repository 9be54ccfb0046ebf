package dev.apikey.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method's null contract in the notation NullAway reads (it recognises any annotation named {@code Contract}),
 * e.g. {@code "null -> null; !null -> !null"} for a method that returns null exactly when given null.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Contract {

    /** The contract: clauses such as {@code "null -> null"}, separated by semicolons. */
    String value();
}
