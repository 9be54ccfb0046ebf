package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The code shown in docs/keys.md, docs/verification.md and docs/stores.md, compiled and run, so the documentation
 * cannot drift from the API (the README's quick starts are the projects under examples/, built by the build).
 */
final class ReadmeExamplesTest {

    @Test
    void quickStart() {
        boolean valid;
        try (ApiKeys apiKeys = ApiKeys.builder().build()) {
            IssuedKey issued = apiKeys.issue(KeySpec.builder("billing-service")
                    .scopes("invoices:read")
                    .expiresIn(Duration.ofDays(90))
                    .build());
            String secret = issued.secret();

            Verification result = apiKeys.validator()
                    .verify(
                            secret,
                            VerificationContext.builder()
                                    .clientAddress("203.0.113.7")
                                    .requiredScopes(ScopeMatch.ALL, "invoices:read")
                                    .build());
            valid = result.isValid();
        }
        assertThat(valid).isTrue();
    }

    @Test
    void keysSection() {
        KeyGenerator generator = KeyGenerator.secure("acme_live");
        String key = generator.generate();

        assertThat(generator.format().isWellFormed(key)).isTrue();
        assertThat(generator.format().hint(key)).hasSize("acme_live_".length() + 4);
        assertThat(KeyFormat.standard().isWellFormed("ak_22VV3A3ZnIj6tTTFIUvkBO5Ra7Q5zVI4KnILiOFKNAu0zrYHY"))
                .isTrue();
    }

    @Test
    void issuingRotatingRevoking() {
        try (ApiKeys apiKeys = ApiKeys.builder()
                .prefix("acme_live")
                .hasher(KeyHasher.hmacSha256("a-pepper-from-APIKEY_PEPPER"))
                .build()) {
            IssuedKey issued = apiKeys.issue(KeySpec.builder("reporting-bot")
                    .scopes("reports:read")
                    .allowedNetworks("10.0.0.0/8", "2001:db8::/32")
                    .metadata("team", "finance")
                    .notBefore(Instant.parse("2026-12-01T00:00:00Z"))
                    .expiresIn(Duration.ofDays(90))
                    .build());

            Optional<IssuedKey> replacement = apiKeys.rotate(issued.id(), Duration.ofHours(24));
            Optional<ApiKey> revoked = apiKeys.revoke(issued.id());
            List<ApiKey> all = apiKeys.list();
            Optional<ApiKey> one = apiKeys.find(issued.id());

            assertThat(replacement).isPresent();
            assertThat(revoked).isPresent();
            assertThat(all).hasSize(2);
            assertThat(one).isPresent();
        }
    }

    @Test
    void verificationSection() {
        try (ApiKeys apiKeys = ApiKeys.builder().build()) {
            String presentedKey = apiKeys.issue(
                            KeySpec.builder("r").scopes("reports:admin").build())
                    .secret();
            KeyValidator validator = apiKeys.validator();
            Verification result = validator.verify(
                    presentedKey,
                    VerificationContext.builder()
                            .clientAddress("203.0.113.7")
                            .requiredScopes(ScopeMatch.ANY, "reports:read", "reports:admin")
                            .request("GET", "/reports")
                            .build());
            String outcome;
            if (result instanceof Verification.Valid valid) {
                outcome = "serve " + valid.apiKey().name();
            } else if (result instanceof Verification.Rejected rejected) {
                outcome = "refuse " + rejected.reason();
            } else {
                outcome = "impossible";
            }
            assertThat(outcome).isEqualTo("serve r");
        }
    }

    @Test
    void staticEntriesExample() {
        // "test" hashed with `printf %s test | sha256sum`, as in docs/stores.md's entry for 'reporting'
        KeyStore store = KeyStore.fromEntries("""
                reporting sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 scopes=reports:read
                deploy-bot sha256:60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752 networks=10.0.0.0/8
                """, "APIKEY_KEYS", KeyHasher.sha256());

        assertThat(store.findById("env_reporting").orElseThrow().hash())
                .isEqualTo(KeyHasher.sha256().hash("test"));
        assertThat(store.findById("env_deploy-bot").orElseThrow().allowedNetworks())
                .hasSize(1);
    }
}
