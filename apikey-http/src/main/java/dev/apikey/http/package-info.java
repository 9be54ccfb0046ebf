/**
 * The framework-neutral HTTP layer every apikey integration is built on. An integration adapts its framework's
 * request to an {@link dev.apikey.http.HttpRequestView}, resolves what each handler requires once
 * ({@link dev.apikey.http.EndpointAnnotations}, {@link dev.apikey.http.PathRules}), asks an
 * {@link dev.apikey.http.ApiKeyAuthenticator} to {@link dev.apikey.http.ApiKeyAuthenticator#decide decide}, and
 * writes what it answers: the principal and headers of a {@link dev.apikey.http.Decision.Allowed}, or the status,
 * headers and {@link dev.apikey.http.ProblemJson problem} of a {@link dev.apikey.http.Refusal}. Every HTTP rule —
 * where keys are read and when two are ambiguous, the client's address behind trusted proxies, the failed-attempt
 * limiter, the status/code table, {@code WWW-Authenticate}, {@code Retry-After}, {@code Cache-Control} and the
 * {@code RateLimit-*} fields — lives here once.
 */
@NullMarked
package dev.apikey.http;

import org.jspecify.annotations.NullMarked;
