/**
 * apikey's core: issuing, hashing, storing, verifying and limiting API keys ({@link dev.apikey.ApiKeys} is the
 * entry point). Nothing here is null unless marked {@code @Nullable}; absent values are {@link java.util.Optional}s.
 */
@NullMarked
package dev.apikey;

import org.jspecify.annotations.NullMarked;
