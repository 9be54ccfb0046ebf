package dev.apikey;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses static key entries ({@link KeyStore#fromEnvironment(String, KeyHasher)}) into key records. Error
 * messages name the source, the entry's position and its name, never a credential.
 */
final class StaticKeyEntries {

    private static final Logger LOG = LoggerFactory.getLogger(StaticKeyEntries.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,59}");
    private static final Pattern LINE_SEPARATOR = Pattern.compile("\\r\\n|\\r|\\n");
    private static final Pattern FIELD_SEPARATOR = Pattern.compile("[ \\t]+");
    static final String ID_PREFIX = "env_";
    private static final Set<String> OPTIONS = Set.of("scopes", "networks", "expires", "rate", "quota");

    private StaticKeyEntries() {}

    static List<ApiKey> parse(String entries, String source, KeyHasher hasher) {
        if (hasher == null) {
            throw new IllegalArgumentException("hasher must not be null: pass the KeyHasher your validator uses");
        }
        String origin = source == null || source.isBlank() ? "static keys" : SafeText.field(source, 60);
        if (entries == null || entries.isBlank()) {
            throw new IllegalArgumentException(origin + " holds no entries: add one such as"
                    + " \"ci-bot sha256:<64 hex digits> scopes=reports:read\"");
        }
        Instant loadedAt = Instant.now();
        List<ApiKey> keys = new ArrayList<>();
        Map<KeyHash, Integer> positionOfHash = new HashMap<>();
        Set<String> names = new HashSet<>();
        int position = 0;
        for (String entry : entries(entries)) {
            position++;
            ApiKey key = parseEntry(entry, origin, position, hasher, loadedAt);
            if (!names.add(key.name())) {
                throw new IllegalArgumentException(origin + " entry " + position + " ('" + key.name()
                        + "'): the name is used by an earlier entry; give each key its own name");
            }
            Integer earlier = positionOfHash.putIfAbsent(key.hash(), position);
            if (earlier != null) {
                throw new IllegalArgumentException(origin + " entries " + earlier + " and " + position
                        + " hold the same key; give each client its own key");
            }
            keys.add(key);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(origin + " holds only comments or blank entries: add a key entry");
        }
        return keys;
    }

    /** Non-blank entries: a {@code #} comments out the rest of its line, then {@code ;} separates entries. */
    private static List<String> entries(String text) {
        List<String> entries = new ArrayList<>();
        for (String line : LINE_SEPARATOR.split(text, -1)) {
            int comment = line.indexOf('#');
            String content = comment < 0 ? line : line.substring(0, comment);
            for (String entry : content.split(";", -1)) {
                if (!entry.isBlank()) {
                    entries.add(entry.strip());
                }
            }
        }
        return entries;
    }

    private static ApiKey parseEntry(String entry, String origin, int position, KeyHasher hasher, Instant loadedAt) {
        String[] fields = FIELD_SEPARATOR.split(entry, -1);
        // Until the credential has parsed, the first field may be a secret pasted alone or in the wrong place:
        // messages name the entry by its position only.
        String where = origin + " entry " + position;
        if (holdsAKey(fields[0])) {
            throw new IllegalArgumentException(where + ": the first field must be the key's name and the second its"
                    + " credential, e.g. \"ci-bot sha256:<64 hex digits>\"");
        }
        if (!NAME.matcher(fields[0]).matches()) {
            throw new IllegalArgumentException(where + ": the name (first field) is invalid: use 1 to 60"
                    + " characters of [A-Za-z0-9._:-], e.g. ci-bot");
        }
        if (fields.length < 2) {
            throw new IllegalArgumentException(where + ": the credential is missing: write \"<name>"
                    + " sha256:<64 hex digits of the key's SHA-256>\"");
        }
        String name = fields[0];
        ApiKey.Builder key = ApiKey.builder().id(ID_PREFIX + name).name(name).createdAt(loadedAt);
        credential(fields[1], where, name, hasher, key);
        where = where + " ('" + name + "')";
        Set<String> seenOptions = new HashSet<>();
        for (int field = 2; field < fields.length; field++) {
            String option = fields[field];
            int equals = option.indexOf('=');
            String optionName = equals < 0 ? option : option.substring(0, equals);
            if (equals < 0 || !OPTIONS.contains(optionName)) {
                throw new IllegalArgumentException(
                        where + ": field " + (field + 1) + " is not an option; options are"
                                + " scopes=a,b networks=10.0.0.0/8,2001:db8::/32 expires=2027-01-31T00:00:00Z rate=100/1s quota=10000/month");
            }
            if (!seenOptions.add(optionName)) {
                throw new IllegalArgumentException(where + ": option " + optionName + " is given twice");
            }
            String value = option.substring(equals + 1);
            if (value.isEmpty()) {
                throw new IllegalArgumentException(where + ": option " + optionName
                        + " has no value; remove it or give one (an empty networks= would allow every address)");
            }
            try {
                switch (optionName) {
                    case "scopes" -> key.scopes(splitList(value));
                    case "networks" ->
                        key.allowedNetworks(
                                splitList(value).stream().map(IpNetwork::parse).toList());
                    case "expires" -> key.expiresAt(Instant.parse(value));
                    case "rate" -> key.rateLimit(RateLimit.parse(value));
                    case "quota" -> key.quota(Quota.parse(value));
                    default -> throw new IllegalStateException("options were checked above");
                }
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        where + ": expires must be an ISO-8601 instant such as 2027-01-31T00:00:00Z");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
        }
        try {
            return key.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static void credential(String credential, String where, String name, KeyHasher hasher, ApiKey.Builder key) {
        int colon = credential.indexOf(':');
        if (colon > 0 && KeyFormat.detect(credential).isEmpty()) {
            String algorithm = credential.substring(0, colon);
            if (!algorithm.equals("sha256") && !algorithm.equals("hmac-sha256")) {
                throw new IllegalArgumentException(where + ": the credential must be sha256:<64 hex digits>,"
                        + " hmac-sha256:<64 hex digits> or a key");
            }
            if (!algorithm.equals(hasher.algorithm())) {
                throw new IllegalArgumentException(where + ": the credential is a " + algorithm + " hash but keys are"
                        + " verified with " + hasher.algorithm() + "; recompute the hash with " + hasher.algorithm()
                        + (hasher.algorithm().equals("sha256")
                                ? " (or configure the pepper it was made with)"
                                : " and the pepper"));
            }
            KeyHash hash;
            try {
                hash = KeyHash.fromHex(credential.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
            key.hash(hash).hint(algorithm + ":" + hash.fingerprint());
            return;
        }
        Optional<KeyFormat> format = KeyFormat.detect(credential);
        if (format.isEmpty()) {
            throw new IllegalArgumentException(
                    where + ": the credential is neither " + hasher.algorithm()
                            + ":<64 hex digits> nor a well-formed key (prefix_ then 49 base62 characters with a valid checksum)");
        }
        KeyHash hash = hasher.hash(credential);
        // Logged: the entry's position and name (checked above not to be a key), and the key's hash — never the key.
        LOG.warn(
                "{} ({}): holds a plaintext key; store only its hash instead: replace the credential with {}:{}",
                where,
                SafeText.quoted(name),
                hasher.algorithm(),
                hash.toHex());
        key.hash(hash).hint(format.get().hint(credential));
    }

    private static List<String> splitList(String value) {
        return Arrays.asList(value.split(",", -1));
    }

    /**
     * Whether {@code name} is, or contains, anything shaped like a key (checksum or not): a name is echoed in
     * messages and {@code toString()}, so one with a key pasted into it ({@code billing-ak_…}) is refused like a key
     * in the name's place.
     */
    private static boolean holdsAKey(String name) {
        return KeyFormat.occursIn(name);
    }
}
