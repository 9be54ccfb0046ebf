package dev.apikey.spring;

/** The key store the properties select cannot be used; the application does not start. */
final class UnusableKeyStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String action;

    /**
     * @param problem what is wrong, never a key or a password
     * @param action  what to do about it
     */
    UnusableKeyStoreException(String problem, String action, Throwable cause) {
        super(problem, cause);
        this.action = action;
    }

    UnusableKeyStoreException(String problem, String action) {
        super(problem);
        this.action = action;
    }

    String action() {
        return action;
    }
}
