/**
 * {@link dev.apikey.cache.CachingKeyStore}: a Caffeine cache in front of any {@link dev.apikey.KeyStore}.
 */
@NullMarked
package dev.apikey.cache;

import org.jspecify.annotations.NullMarked;
