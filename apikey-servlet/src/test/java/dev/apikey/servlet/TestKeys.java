package dev.apikey.servlet;

import dev.apikey.ApiKey;
import dev.apikey.ApiKeys;
import dev.apikey.KeyGenerator;
import dev.apikey.KeySpec;
import dev.apikey.VerificationListener;
import dev.apikey.http.conformance.SwitchableKeyStore;
import java.time.Duration;
import java.time.Instant;

/** Keys of every kind the filter tests need, in a store that can be switched to failing (the kit's). */
final class TestKeys implements AutoCloseable {

    final SwitchableKeyStore store = new SwitchableKeyStore();
    final ApiKeys apiKeys = ApiKeys.builder()
            .store(store)
            .listener(VerificationListener.logging())
            .usageFlushInterval(Duration.ZERO)
            .build();
    final String valid;
    final String validId;
    final String noScopes;
    final String scopeA;
    final String write;
    final String admin;
    final String restricted;
    final String revoked;
    final String expired;
    final String notYetValid;

    TestKeys() {
        var issued = apiKeys.issue(KeySpec.builder("reporting")
                .scopes("reports:read")
                .metadata("team", "finance")
                .build());
        valid = issued.secret();
        validId = issued.id();
        noScopes = apiKeys.issue(KeySpec.builder("plain").build()).secret();
        scopeA = apiKeys.issue(KeySpec.builder("scope-a").scopes("a").build()).secret();
        write = apiKeys.issue(KeySpec.builder("writer").scopes("write").build()).secret();
        admin = apiKeys.issue(KeySpec.builder("admin").scopes("admin").build()).secret();
        restricted = apiKeys.issue(
                        KeySpec.builder("office").allowedNetworks("10.0.0.0/8").build())
                .secret();
        var toRevoke = apiKeys.issue(KeySpec.builder("revoked").build());
        apiKeys.revoke(toRevoke.id());
        revoked = toRevoke.secret();
        notYetValid = apiKeys.issue(KeySpec.builder("future")
                        .notBefore(Instant.now().plus(Duration.ofDays(1)))
                        .build())
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
    static String unknown() {
        return KeyGenerator.secure().generate();
    }

    @Override
    public void close() {
        apiKeys.close();
    }
}
