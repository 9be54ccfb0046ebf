package dev.apikey.spring;

import dev.apikey.KeyValidator;
import dev.apikey.Verification;
import dev.apikey.VerificationContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Times every verification in Micrometer: timer {@code apikey.verifications}, tagged {@code outcome} ({@code valid}
 * or {@code rejected}) and {@code reason} ({@code none}, or the rejection's, e.g. {@code unknown},
 * {@code rate_limited}, {@code store_unavailable}); the key's id as tag {@code key} only when asked (one time series
 * per key).
 */
final class MeteredKeyValidator implements KeyValidator {

    static final String TIMER = "apikey.verifications";

    private final KeyValidator delegate;
    private final MeterRegistry registry;
    private final boolean tagKeyId;
    private final Timer valid;
    private final Map<Verification.Reason, Timer> rejected = new EnumMap<>(Verification.Reason.class);

    MeteredKeyValidator(KeyValidator delegate, MeterRegistry registry, boolean tagKeyId) {
        this.delegate = delegate;
        this.registry = registry;
        this.tagKeyId = tagKeyId;
        this.valid = timer("valid", "none", null);
        for (Verification.Reason reason : Verification.Reason.values()) {
            rejected.put(reason, timer("rejected", reason.name().toLowerCase(Locale.ROOT), null));
        }
    }

    private Timer timer(String outcome, String reason, @Nullable String keyId) {
        Timer.Builder timer = Timer.builder(TIMER)
                .description("API key verifications, by outcome and reason")
                .tag("outcome", outcome)
                .tag("reason", reason);
        if (keyId != null) {
            timer.tag("key", keyId);
        }
        return timer.register(registry);
    }

    @Override
    public Verification verify(@Nullable String presentedKey, VerificationContext context) {
        long started = System.nanoTime();
        Timer timer = rejected.get(Verification.Reason.STORE_UNAVAILABLE); // if the validator throws
        try {
            Verification verification = delegate.verify(presentedKey, context);
            if (verification instanceof Verification.Valid ok) {
                timer = tagKeyId ? timer("valid", "none", ok.apiKey().id()) : valid;
            } else if (verification instanceof Verification.Rejected refused) {
                timer = rejected.get(refused.reason());
            }
            return verification;
        } finally {
            timer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public String toString() {
        return "MeteredKeyValidator[" + delegate + "]";
    }
}
