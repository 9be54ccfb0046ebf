package dev.apikey.example;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code --db} option every command shares. */
final class DbOption {

    @Option(
            names = "--db",
            paramLabel = "JDBC-URL",
            description = {
                "Key store: jdbc:sqlite:FILE or",
                "jdbc:postgresql://HOST:PORT/DB?user=USER, e.g.",
                "jdbc:sqlite:apikey-data/keys.db or",
                "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
                "(default: APIKEY_DB_URL, else",
                "./" + KeyDatabase.DEFAULT_FILE + ")."
            })
    String url;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    /** Opens the store; a malformed or unsupported {@code --db} (or APIKEY_DB_URL) is a usage error (exit code 2). */
    KeyDatabase open(Duration usageFlushEvery, boolean serving) {
        try {
            return KeyDatabase.open(url, usageFlushEvery, serving);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
