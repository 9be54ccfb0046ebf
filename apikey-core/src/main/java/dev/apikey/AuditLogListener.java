package dev.apikey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link VerificationListener}: one line per attempt on logger {@code dev.apikey.audit}, e.g.
 * <pre>
 * apikey rejected reason=UNKNOWN key=- hint=- fingerprint=3fa2b1c0 client=203.0.113.7 method=GET path=/secure-data
 * apikey accepted key=key_3xYzAbCdEfGhIjKlMnOp hint=ak_3xYz client=203.0.113.7 method=GET path=/secure-data
 * </pre>
 */
final class AuditLogListener implements VerificationListener {

    static final String LOGGER_NAME = "dev.apikey.audit";
    private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER_NAME);
    private static final int MAX_PATH_LENGTH = 256;

    private final boolean logSuccessAtInfo;

    AuditLogListener(boolean logSuccessAtInfo) {
        this.logSuccessAtInfo = logSuccessAtInfo;
    }

    @Override
    public void onVerification(VerificationEvent event) {
        if (event.accepted()) {
            if (logSuccessAtInfo ? AUDIT.isInfoEnabled() : AUDIT.isDebugEnabled()) {
                String line = "apikey accepted " + describe(event);
                if (logSuccessAtInfo) {
                    AUDIT.info(line);
                } else {
                    AUDIT.debug(line);
                }
            }
        } else if (AUDIT.isWarnEnabled()) {
            AUDIT.warn("apikey rejected reason={} {}", event.reason().orElseThrow(), describe(event));
        }
    }

    private static String describe(VerificationEvent event) {
        return "key=" + event.keyId().orElse("-")
                + " hint=" + event.keyHint().orElse("-")
                + (event.hashFingerprint().isPresent()
                        ? " fingerprint=" + event.hashFingerprint().get()
                        : "")
                + " client="
                + event.clientAddress().map(address -> address.getHostAddress()).orElse("-")
                + " method=" + SafeText.field(event.method().orElse("-"), 16)
                + " path=" + SafeText.field(event.path().orElse("-"), MAX_PATH_LENGTH);
    }

    @Override
    public String toString() {
        return "VerificationListener.logging(successAt=" + (logSuccessAtInfo ? "INFO" : "DEBUG") + ")";
    }
}
