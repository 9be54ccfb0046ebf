package dev.apikey.example;

import dev.apikey.ApiKey;
import dev.apikey.HumanDuration;
import dev.apikey.IssuedKey;
import dev.apikey.KeySpec;
import dev.apikey.LimitStatus;
import dev.apikey.Quota;
import dev.apikey.RateLimit;
import dev.apikey.SafeText;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keys}: create, list, revoke and rotate keys in the store the server uses (also while it runs). */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Manages API keys.",
        subcommands = {
            KeysCommand.Create.class,
            KeysCommand.ListKeys.class,
            KeysCommand.Revoke.class,
            KeysCommand.Rotate.class,
            HelpCommand.class
        })
final class KeysCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a subcommand is required: create, list, revoke, rotate" + " or help");
    }

    /** Reads durations such as 90d, 24h, 1h30m. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return HumanDuration.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    private static KeyDatabase open(DbOption db) {
        return db.open(Duration.ZERO, false);
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Issues a key; prints only the key, on standard output.",
                "E.g. KEY=$(apikey-example keys create --name ci)"
            })
    static final class Create implements Callable<Integer> {
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Who or what uses the key.")
        String name;

        @Option(
                names = "--scopes",
                split = ",",
                paramLabel = "SCOPES",
                hideParamSyntax = true,
                description = {"Comma-separated scopes,", "e.g. reports:read,keys:admin."})
        List<String> scopes = new ArrayList<>();

        @Option(
                names = "--expires-in",
                paramLabel = "DURATION",
                converter = DurationConverter.class,
                description = "Lifetime, e.g. 90d, 24h, 1h30m.")
        Duration expiresIn;

        @Option(
                names = "--allow-ip",
                paramLabel = "CIDR",
                description = "Allowed network (repeatable), e.g. 10.0.0.0/8.")
        List<String> allowIp = new ArrayList<>();

        @Option(names = "--rate-limit", paramLabel = "N/DURATION", description = "Token bucket, e.g. 100/1s.")
        String rateLimit;

        @Option(
                names = "--quota",
                paramLabel = "N/PERIOD",
                description = "Quota, e.g. 10000/month, 500/day or 1000/total.")
        String quota;

        @Mixin
        DbOption db;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            KeySpec keySpec;
            try {
                KeySpec.Builder builder =
                        KeySpec.builder(name).scopes(scopes).allowedNetworks(allowIp.toArray(String[]::new));
                if (expiresIn != null) {
                    builder.expiresIn(expiresIn);
                }
                if (rateLimit != null) {
                    builder.rateLimit(RateLimit.parse(rateLimit));
                }
                if (quota != null) {
                    builder.quota(Quota.parse(quota));
                }
                keySpec = builder.build();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            try (KeyDatabase database = open(db)) {
                IssuedKey issued = database.apiKeys.issue(keySpec);
                spec.commandLine()
                        .getErr()
                        .println("created " + issued.id() + " '"
                                + issued.apiKey().name() + "' scopes="
                                + issued.apiKey().scopes()
                                + issued.apiKey()
                                        .expiresAt()
                                        .map(at -> " expires=" + at)
                                        .orElse("")
                                + "; the key is shown once, on standard output");
                spec.commandLine().getOut().println(issued.secret());
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists keys (never a secret).")
    static final class ListKeys implements Callable<Integer> {
        @Option(names = "--json", description = "JSON instead of a table.")
        boolean json;

        @Mixin
        DbOption db;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (KeyDatabase database = open(db)) {
                List<ApiKey> keys = database.apiKeys.list();
                Instant now = Instant.now();
                Map<String, Optional<LimitStatus>> standing = new HashMap<>();
                for (ApiKey key : keys) {
                    standing.put(key.id(), database.store.rateLimiter().standing(key, now));
                }
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    out.println(Json.write(keys.stream()
                            .map(key -> Json.describe(key, now, standing.get(key.id())))
                            .toList()));
                } else {
                    out.print(table(keys, now, standing));
                }
                out.flush();
            }
            return 0;
        }

        static String table(List<ApiKey> keys, Instant now, Map<String, Optional<LimitStatus>> standing) {
            DateTimeFormatter time =
                    DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {
                "ID",
                "NAME",
                "HINT",
                "SCOPES",
                "STATUS",
                "CREATED",
                "EXPIRES",
                "LAST USED",
                "USES",
                "LIMITS",
                "REMAINING"
            });
            for (ApiKey key : keys) {
                rows.add(new String[] {
                    key.id(),
                    key.name(),
                    key.hint() + "…",
                    String.join(",", key.scopes()),
                    key.statusAt(now).name().toLowerCase(Locale.ROOT),
                    time.format(key.createdAt()),
                    key.expiresAt().map(time::format).orElse("-"),
                    key.lastUsedAt().map(time::format).orElse("-"),
                    Long.toString(key.useCount()),
                    (key.rateLimit().map(Object::toString).orElse("") + " "
                                    + key.quota().map(Object::toString).orElse(""))
                            .strip()
                            .replace(' ', ',')
                            .replaceAll("^$", "-"),
                    standing.get(key.id())
                            .map(status -> Long.toString(status.remaining()))
                            .orElse("-")
                });
            }
            int[] widths = new int[rows.get(0).length];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], Math.min(40, row[i].length()));
                }
            }
            StringBuilder out = new StringBuilder();
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    String cell = row[i].length() > 40 ? row[i].substring(0, 39) + "…" : row[i];
                    out.append(String.format("%-" + widths[i] + "s", cell)).append(i + 1 < row.length ? "  " : "\n");
                }
            }
            if (keys.isEmpty()) {
                out.append("(no keys: create one with `keys create --name NAME`)\n");
            }
            return out.toString();
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = {"Revokes a key at once.", "A key revoked already keeps its revocation time."})
    static final class Revoke implements Callable<Integer> {
        @Parameters(
                paramLabel = "ID",
                description = {"The key's id (e.g. key_3xYzAbCdEfGhIjKlMnOp),", "or the leaked key itself."})
        String id;

        @Mixin
        DbOption db;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try (KeyDatabase database = open(db)) {
                Optional<ApiKey> found =
                        KeyReference.resolve(database.apiKeys, id).flatMap(database.apiKeys::find);
                if (found.isEmpty()) {
                    err.println("error: there is no key " + SafeText.quoted(id) + " (see `keys list`)");
                    return 1;
                }
                Optional<Instant> revokedAt = found.get().revokedAt().filter(at -> !at.isAfter(Instant.now()));
                if (revokedAt.isPresent()) {
                    err.println(found.get().id() + " '" + found.get().name() + "' was already revoked at "
                            + revokedAt.get() + "; nothing changed");
                    return 0;
                }
                Optional<ApiKey> revoked = database.apiKeys.revoke(found.get().id());
                if (revoked.isEmpty()) {
                    err.println("error: there is no key " + SafeText.quoted(id) + " (see `keys list`)");
                    return 1;
                }
                err.println(
                        "revoked " + revoked.get().id() + " '" + revoked.get().name() + "'");
            }
            return 0;
        }
    }

    @Command(
            name = "rotate",
            mixinStandardHelpOptions = true,
            description = {
                "Issues a replacement key; prints only the new key.",
                "The replacement has the same name, scopes and networks; the old key works",
                "until the grace ends."
            })
    static final class Rotate implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The key to replace: its id, or the key itself.")
        String id;

        @Option(
                names = "--grace",
                paramLabel = "DURATION",
                converter = DurationConverter.class,
                defaultValue = "0s",
                description = {"How long the old key keeps working, e.g. 1h", "(default: 0s, it stops at once)."})
        Duration grace;

        @Mixin
        DbOption db;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (KeyDatabase database = open(db)) {
                Optional<String> resolved = KeyReference.resolve(database.apiKeys, id);
                Optional<IssuedKey> replacement = resolved.flatMap(keyId -> database.apiKeys.rotate(keyId, grace));
                if (replacement.isEmpty()) {
                    spec.commandLine()
                            .getErr()
                            .println("error: there is no key " + SafeText.quoted(id) + " (see `keys list`)");
                    return 1;
                }
                spec.commandLine()
                        .getErr()
                        .println("rotated " + resolved.get() + " to "
                                + replacement.get().id() + "; the old key works for " + HumanDuration.format(grace)
                                + "; the new key is shown once, on standard output");
                spec.commandLine().getOut().println(replacement.get().secret());
            }
            return 0;
        }
    }
}
