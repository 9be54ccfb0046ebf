package dev.apikey.spring;

/** A property under {@code apikey.*} that cannot be used; the application does not start. */
public final class InvalidApiKeyPropertyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final String problem;

    InvalidApiKeyPropertyException(String property, String problem) {
        super(property + ": " + problem);
        this.property = property;
        this.problem = problem;
    }

    /** What is wrong with it and what to write instead. */
    public String problem() {
        return problem;
    }

    /** The property's name, e.g. {@code apikey.header-name}. */
    public String property() {
        return property;
    }
}
