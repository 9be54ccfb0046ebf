/**
 * {@link dev.apikey.servlet.ApiKeyFilter}: API-key authentication for Jakarta Servlet 6 containers, built on the
 * framework-neutral layer of {@code dev.apikey.http}.
 */
@NullMarked
package dev.apikey.servlet;

import org.jspecify.annotations.NullMarked;
