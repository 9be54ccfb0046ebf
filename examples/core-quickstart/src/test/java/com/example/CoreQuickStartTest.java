package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.Verification;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The core quick start, run as a user runs it and checked against what its comments promise. */
final class CoreQuickStartTest {

    @Test
    void mainPrintsTrueThenMalformed() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CoreQuickStart.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertEquals("true\nMALFORMED\n", captured.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    @Test
    void aKeyWithoutTheRequiredScopeIsRefused() {
        try (ApiKeys apiKeys = ApiKeys.builder().build()) {
            String withScope = apiKeys.issue(KeySpec.builder("reader").scopes("invoices:read").build()).secret();
            String withoutScope = apiKeys.issue(KeySpec.builder("other").scopes("reports:read").build()).secret();

            assertTrue(CoreQuickStart.check(apiKeys, withScope).isValid());
            Verification refused = CoreQuickStart.check(apiKeys, withoutScope);
            assertEquals(Verification.Reason.INSUFFICIENT_SCOPE, assertInstanceOf(Verification.Rejected.class, refused).reason());
        }
    }
}
