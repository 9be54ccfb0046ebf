package dev.apikey;

/** The listener that ignores every event; the validator recognises it and does not make events at all. */
enum NoVerificationListener implements VerificationListener {
    INSTANCE;

    @Override
    public void onVerification(VerificationEvent event) {
        // nothing to do
    }

    @Override
    public String toString() {
        return "VerificationListener.none()";
    }
}
