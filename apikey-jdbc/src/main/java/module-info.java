/** {@code JdbcKeyStore} and {@code JdbcRateLimiter}: keys and limit counters in SQLite or PostgreSQL. */
module dev.apikey.jdbc {
    requires static transitive org.jspecify; // @NullMarked, @Nullable: read at compile time only
    requires transitive dev.apikey;
    requires transitive java.sql;
    requires dev.apikey.cache;
    requires com.zaxxer.hikari;
    requires org.slf4j;
    requires static org.postgresql.jdbc; // LISTEN/NOTIFY, only when the application uses PostgreSQL

    exports dev.apikey.jdbc;
}
