package dev.apikey;

/**
 * The key store is broken or unreachable (database down, timeout, corrupt data). Never means "this key is
 * invalid": an unknown key is an empty {@link java.util.Optional}. Verification turns this exception into
 * {@link Verification.Reason#STORE_UNAVAILABLE}, so requests are refused, never let through.
 */
public class KeyStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message that says what failed and, where possible, what to do. */
    public KeyStoreException(String message) {
        super(message);
    }

    /** An exception with a message and the underlying cause. */
    public KeyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
