package dev.apikey.http.conformance;

import dev.apikey.ApiKey;
import dev.apikey.ApiKeys;
import dev.apikey.KeyGenerator;
import dev.apikey.KeySpec;
import dev.apikey.Quota;
import dev.apikey.RateLimit;
import java.time.Duration;
import java.time.Instant;

/** The keys the conformance kit sends, one of each kind, in a store the kit can make fail. */
public final class ConformanceKeys implements AutoCloseable {

    private final SwitchableKeyStore store = new SwitchableKeyStore();
    /** The facade; its validator goes into the settings. */
    public final ApiKeys apiKeys =
            ApiKeys.builder().store(store).usageFlushInterval(Duration.ZERO).build();
    /** Scope {@code reports:read}. */
    public final String reader;
    /** Its id, the principal's name. */
    public final String readerId;
    /** No scopes. */
    public final String plain;
    /** Scope {@code a}. */
    public final String scopeA;
    /** Scope {@code write}. */
    public final String writer;
    /** Scope {@code admin}. */
    public final String admin;
    /** Usable from 192.0.2.0/24 only. */
    public final String fromDocumentationNetwork;
    /** Revoked. */
    public final String revoked;
    /** Expired yesterday. */
    public final String expired;
    /** Valid from tomorrow. */
    public final String notYetValid;
    /** Rate limit 1 per hour. */
    public final String onePerHour;
    /** Quota of 5 in all (an endpoint of cost 5 uses it up at once). */
    public final String fiveInAll;

    public ConformanceKeys() {
        var issued = apiKeys.issue(
                KeySpec.builder("reporting").scopes("reports:read").build());
        reader = issued.secret();
        readerId = issued.id();
        plain = apiKeys.issue(KeySpec.builder("plain").build()).secret();
        scopeA = apiKeys.issue(KeySpec.builder("scope-a").scopes("a").build()).secret();
        writer =
                apiKeys.issue(KeySpec.builder("writer").scopes("write").build()).secret();
        admin = apiKeys.issue(KeySpec.builder("admin").scopes("admin").build()).secret();
        fromDocumentationNetwork = apiKeys.issue(KeySpec.builder("office")
                        .allowedNetworks("192.0.2.0/24")
                        .build())
                .secret();
        var toRevoke = apiKeys.issue(KeySpec.builder("revoked").build());
        apiKeys.revoke(toRevoke.id());
        revoked = toRevoke.secret();
        notYetValid = apiKeys.issue(KeySpec.builder("future")
                        .notBefore(Instant.now().plus(Duration.ofDays(1)))
                        .build())
                .secret();
        onePerHour = apiKeys.issue(KeySpec.builder("metered")
                        .rateLimit(RateLimit.parse("1/1h"))
                        .build())
                .secret();
        fiveInAll = apiKeys.issue(
                        KeySpec.builder("quota").quota(Quota.parse("5/total")).build())
                .secret();
        expired = KeyGenerator.secure().generate();
        store.save(ApiKey.builder()
                .id("key_expired")
                .name("expired")
                .hash(apiKeys.hasher().hash(expired))
                .hint(expired.substring(0, 7))
                .createdAt(Instant.now().minus(Duration.ofDays(2)))
                .expiresAt(Instant.now().minus(Duration.ofDays(1)))
                .build());
    }

    /** A well-formed key no store knows. */
    public static String unknown() {
        return KeyGenerator.secure().generate();
    }

    /** Makes every store call fail ({@code true}) or work again. */
    public void storeFails(boolean fail) {
        store.fail(fail);
    }

    @Override
    public void close() {
        apiKeys.close();
    }
}
