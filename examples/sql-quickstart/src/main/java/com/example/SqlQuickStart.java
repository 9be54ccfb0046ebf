package com.example;

import dev.apikey.ApiKey;
import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.VerificationContext;
import dev.apikey.jdbc.JdbcKeyStore;
import java.io.PrintStream;

/**
 * Keys that survive restarts: an SQLite file by default, or the database in {@code APIKEY_DB_URL}, e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=apikey} for PostgreSQL schema
 * {@code apikey} (create it first: {@code CREATE SCHEMA apikey}). Each run issues a key, uses it three times
 * and lists every key the database holds, with its use count.
 */
public final class SqlQuickStart {

    public static void main(String[] args) {
        String url = System.getenv().getOrDefault("APIKEY_DB_URL", "jdbc:sqlite:keys.db");
        run(url, System.out);
    }

    static void run(String jdbcUrl, PrintStream out) {
        JdbcKeyStore store = JdbcKeyStore.url(jdbcUrl).build();
        store.createSchema();                                          // idempotent: call it at every start
        // Closed in reverse order: ApiKeys first (it writes the usage counts it holds into the store), then the
        // store, which closes the connection pool url(…) built (a DataSource you pass to builder(…) is yours).
        try (store; ApiKeys apiKeys = ApiKeys.builder().store(store).build()) {
            String key = apiKeys.issue(KeySpec.builder("sql-quickstart").build()).secret();
            for (int i = 0; i < 3; i++) {
                apiKeys.validator().verify(key, VerificationContext.builder().clientAddress("127.0.0.1").build());
            }
            apiKeys.flushUsage();                                      // else written every 10 s and on close()
            for (ApiKey apiKey : apiKeys.list()) {
                out.println(apiKey.id() + " " + apiKey.name() + " uses=" + apiKey.useCount());
            }
        }
    }
}
