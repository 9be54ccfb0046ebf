/**
 * The conformance kit of the HTTP layer, published in {@code apikey-http}'s test-jar: {@link
 * dev.apikey.http.conformance.HttpConformanceKit} is one abstract JUnit suite of HTTP behaviours that every
 * integration runs against its own real server, so the status table, precedence, extraction, proxy rules, hidden
 * keys and headers are the same in all of them.
 */
package dev.apikey.http.conformance;
