/**
 * {@link dev.apikey.jdbc.JdbcKeyStore} and {@link dev.apikey.jdbc.JdbcRateLimiter}: keys and limit counters in SQLite
 * or PostgreSQL.
 */
@NullMarked
package dev.apikey.jdbc;

import org.jspecify.annotations.NullMarked;
