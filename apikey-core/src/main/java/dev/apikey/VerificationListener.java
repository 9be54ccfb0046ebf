package dev.apikey;

/**
 * Receives a {@link VerificationEvent} for every verification attempt: the audit trail.
 *
 * <p>Called on the request's thread, so implementations must be fast and thread-safe; an exception thrown
 * here is logged and never changes the outcome of the verification.
 */
@FunctionalInterface
public interface VerificationListener {

    /** Called once per attempt. */
    void onVerification(VerificationEvent event);

    /**
     * The default audit log: SLF4J logger {@code dev.apikey.audit}, failures at WARN, successes at DEBUG.
     * Values from the request are escaped so they cannot forge log lines; the key is never logged.
     */
    static VerificationListener logging() {
        return new AuditLogListener(false);
    }

    /**
     * The audit log with successes at INFO ("log all access") when {@code logSuccessAtInfo}, else at DEBUG.
     */
    static VerificationListener logging(boolean logSuccessAtInfo) {
        return new AuditLogListener(logSuccessAtInfo);
    }

    /** A listener that ignores every event (the validator then skips making them). */
    static VerificationListener none() {
        return NoVerificationListener.INSTANCE;
    }

    /** A listener that passes each event to this one, then to {@code next}; one failing does not stop the other. */
    default VerificationListener andThen(VerificationListener next) {
        if (next == null) {
            throw new IllegalArgumentException("next must not be null");
        }
        VerificationListener first = this;
        return event -> {
            try {
                first.onVerification(event);
            } finally {
                next.onVerification(event);
            }
        };
    }
}
