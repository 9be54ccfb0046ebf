package com.example;

import dev.apikey.ApiKeys;
import dev.apikey.IssuedKey;
import dev.apikey.KeySpec;
import dev.apikey.ScopeMatch;
import dev.apikey.Verification;
import dev.apikey.VerificationContext;
import java.time.Duration;

/** Issues a key and verifies it: the library without any HTTP. */
public final class CoreQuickStart {

    public static void main(String[] args) {
        try (ApiKeys apiKeys = ApiKeys.builder().build()) {              // in-memory store, SHA-256, prefix "ak"
            IssuedKey issued = apiKeys.issue(KeySpec.builder("billing-service")
                    .scopes("invoices:read")
                    .expiresIn(Duration.ofDays(90))
                    .build());
            String secret = issued.secret();                            // ak_3xYz… — show it once, it is not stored

            Verification result = check(apiKeys, secret);
            System.out.println(result.isValid());                       // true
            if (check(apiKeys, "ak_mistyped") instanceof Verification.Rejected rejected) {
                System.out.println(rejected.reason());                  // MALFORMED: refused before any lookup
            }
        }
    }

    /** Verifies a presented key as an HTTP integration would, for a client at 203.0.113.7. */
    static Verification check(ApiKeys apiKeys, String presentedKey) {
        return apiKeys.validator().verify(presentedKey, VerificationContext.builder()
                .clientAddress("203.0.113.7")
                .requiredScopes(ScopeMatch.ALL, "invoices:read")
                .build());
    }
}
