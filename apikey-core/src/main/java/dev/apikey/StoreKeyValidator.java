package dev.apikey;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link KeyValidator} pipeline over a {@link KeyStore}. */
final class StoreKeyValidator implements KeyValidator {

    private static final Logger LOG = LoggerFactory.getLogger(KeyValidator.class);
    private static final long STORE_ERROR_LOG_INTERVAL_MILLIS = 10_000;
    /** Rejections of keys that were not identified, one per reason, shared: they carry nothing else. */
    private static final Map<Verification.Reason, Verification.Rejected> UNIDENTIFIED = unidentified();

    private final KeyFormat format;
    private final KeyHasher hasher;
    private final KeyStore store;
    private final Clock clock;
    private final VerificationListener listener;
    private final UsageRecorder usage;
    private final RateLimiter limiter;
    private final boolean audited;
    private final AtomicLong lastStoreErrorLog = new AtomicLong();

    StoreKeyValidator(
            KeyFormat format,
            KeyHasher hasher,
            KeyStore store,
            Clock clock,
            VerificationListener listener,
            UsageRecorder usage,
            RateLimiter limiter) {
        this.limiter = limiter;
        this.audited = listener != NoVerificationListener.INSTANCE;
        this.format = format;
        this.hasher = hasher;
        this.store = store;
        this.clock = clock;
        this.listener = listener;
        this.usage = usage;
    }

    @Override
    public Verification verify(@Nullable String presentedKey, @Nullable VerificationContext context) {
        VerificationContext ctx = context == null ? VerificationContext.none() : context;
        try {
            return pipeline(presentedKey, ctx);
        } catch (Exception | LinkageError e) {
            // Whatever fails unexpectedly (a store throwing a checked exception, a broken clock), fail closed.
            logStoreFailure(e);
            return unidentified(Verification.Reason.STORE_UNAVAILABLE);
        }
    }

    /**
     * The steps in order. The clock is read once, when the key is known (its status and limits depend on the
     * time) or when an event needs it, not for a key refused before the store is asked and nobody listens.
     */
    private Verification pipeline(@Nullable String presentedKey, VerificationContext ctx) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return reject(Verification.Reason.MISSING, null, null, null, ctx);
        }
        byte[] ascii = format.asciiIfWellFormed(presentedKey);
        if (ascii == null) {
            return reject(Verification.Reason.MALFORMED, null, null, null, ctx);
        }
        KeyHash presented;
        Optional<ApiKey> found;
        try {
            presented = hash(presentedKey, ascii);
            found = store.findByHash(presented);
        } catch (Exception | LinkageError e) {
            logStoreFailure(e);
            return reject(Verification.Reason.STORE_UNAVAILABLE, null, null, null, ctx);
        }
        if (found == null || found.isEmpty() || !found.get().hash().matches(presented)) {
            return reject(Verification.Reason.UNKNOWN, null, presented, null, ctx);
        }
        ApiKey key = found.get();
        Instant now = clock.instant();
        Verification.Reason reason = switch (key.statusAt(now)) {
            case REVOKED -> Verification.Reason.REVOKED;
            case NOT_YET_VALID -> Verification.Reason.NOT_YET_VALID;
            case EXPIRED -> Verification.Reason.EXPIRED;
            case ACTIVE ->
                !key.allowsAddress(ctx.clientAddress())
                        ? Verification.Reason.NETWORK_NOT_ALLOWED
                        : !key.hasScopes(ctx.requiredScopes(), ctx.scopeMatch())
                                ? Verification.Reason.INSUFFICIENT_SCOPE
                                : null;
        };
        if (reason != null) {
            return reject(reason, key, null, now, ctx);
        }
        Optional<LimitStatus> limits;
        try {
            limits = limiter.consume(key, ctx.cost(), now);
        } catch (Exception | LinkageError e) {
            logStoreFailure(e);
            return reject(Verification.Reason.STORE_UNAVAILABLE, key, null, now, ctx);
        }
        if (limits.isPresent() && !limits.get().allowed()) {
            Verification.Reason refusal = limits.get().refusal().orElseThrow();
            if (audited) {
                notify(event(now, refusal, key, null, ctx));
            }
            return new Verification.Rejected(refusal, Optional.of(key), limits);
        }
        usage.record(key.id(), now);
        if (audited) {
            notify(new VerificationEvent(
                    now,
                    Optional.empty(),
                    Optional.of(key.id()),
                    Optional.of(key.hint()),
                    Optional.empty(),
                    ctx.clientAddress(),
                    ctx.method(),
                    ctx.path()));
        }
        return new Verification.Valid(key, limits);
    }

    /**
     * Hashes a well-formed key: the built-in hashers straight from the bytes the format check left, any other
     * {@link KeyHasher} from the key itself. The bytes are wiped either way.
     */
    private KeyHash hash(String presentedKey, byte[] ascii) {
        try {
            return hasher instanceof DigestKeyHasher digest
                    ? digest.hashAscii(ascii, format.length())
                    : hasher.hash(presentedKey);
        } finally {
            format.wipe(ascii);
        }
    }

    /** A refusal; {@code now} is null when the clock has not been read yet (it is read only for the event). */
    private static Map<Verification.Reason, Verification.Rejected> unidentified() {
        Map<Verification.Reason, Verification.Rejected> byReason = new EnumMap<>(Verification.Reason.class);
        for (Verification.Reason reason : Verification.Reason.values()) {
            byReason.put(reason, new Verification.Rejected(reason));
        }
        return byReason;
    }

    private static Verification.Rejected unidentified(Verification.Reason reason) {
        Verification.Rejected rejected = UNIDENTIFIED.get(reason);
        return rejected != null ? rejected : new Verification.Rejected(reason);
    }

    private Verification reject(
            Verification.Reason reason,
            @Nullable ApiKey key,
            @Nullable KeyHash unknownHash,
            @Nullable Instant now,
            VerificationContext ctx) {
        if (audited) {
            notify(event(now != null ? now : clock.instant(), reason, key, unknownHash, ctx));
        }
        return key == null ? unidentified(reason) : new Verification.Rejected(reason, Optional.of(key));
    }

    private static VerificationEvent event(
            Instant now,
            Verification.Reason reason,
            @Nullable ApiKey key,
            @Nullable KeyHash unknownHash,
            VerificationContext ctx) {
        return new VerificationEvent(
                now,
                Optional.of(reason),
                key == null ? Optional.empty() : Optional.of(key.id()),
                key == null ? Optional.empty() : Optional.of(key.hint()),
                unknownHash == null ? Optional.empty() : Optional.of(unknownHash.fingerprint()),
                ctx.clientAddress(),
                ctx.method(),
                ctx.path());
    }

    private void notify(VerificationEvent event) {
        if (!audited) {
            return;
        }
        try {
            listener.onVerification(event);
        } catch (Exception | LinkageError e) {
            LOG.error(
                    "verification listener {} failed; the verification outcome is unchanged: {}",
                    listener,
                    e.toString());
        }
    }

    /** Logs store failures at most once per interval, so an outage does not flood the log. */
    private void logStoreFailure(Throwable e) {
        long nowMillis = System.currentTimeMillis();
        long last = lastStoreErrorLog.get();
        if (nowMillis - last >= STORE_ERROR_LOG_INTERVAL_MILLIS && lastStoreErrorLog.compareAndSet(last, nowMillis)) {
            LOG.error(
                    "key store {} failed; refusing requests with STORE_UNAVAILABLE until it recovers: {}",
                    store,
                    e.toString(),
                    e);
        }
    }

    @Override
    public String toString() {
        return "KeyValidator[" + format.prefix() + ", " + hasher + ", " + store + "]";
    }
}
