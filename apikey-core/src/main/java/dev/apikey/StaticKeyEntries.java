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
    private static final Pattern ENTRY_SEPARATOR = Pattern.compile("[;\\r\\n]+");
    private static final Pattern FIELD_SEPARATOR = Pattern.compile("[ \\t]+");
    static final String ID_PREFIX = "env_";

    private StaticKeyEntries() {}

    static List<ApiKey> parse(String entries, String source, KeyHasher hasher) {
        if (hasher == null) {
            throw new IllegalArgumentException("hasher must not be null: pass the KeyHasher your validator uses");
        }
        String origin = source == null || source.isBlank() ? "static keys" : AuditText.escape(source, 60);
        if (entries == null || entries.isBlank()) {
            throw new IllegalArgumentException(origin + " holds no entries: add one such as"
                    + " \"ci-bot sha256:<64 hex digits> scopes=reports:read\"");
        }
        Instant loadedAt = Instant.now();
        List<ApiKey> keys = new ArrayList<>();
        Map<KeyHash, Integer> positionOfHash = new HashMap<>();
        Set<String> names = new HashSet<>();
        int position = 0;
        for (String rawEntry : ENTRY_SEPARATOR.split(entries)) {
            String entry = rawEntry.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            position++;
            ApiKey key = parseEntry(entry, origin, position, hasher, loadedAt);
            if (!names.add(key.name())) {
                throw new IllegalArgumentException(origin + " entry " + position + ": the name '" + key.name()
                        + "' is used by an earlier entry; give each key its own name");
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

    private static ApiKey parseEntry(String entry, String origin, int position, KeyHasher hasher, Instant loadedAt) {
        String[] fields = FIELD_SEPARATOR.split(entry);
        String where = origin + " entry " + position;
        if (KeyFormat.detect(fields[0]).isPresent()) {
            throw new IllegalArgumentException(where + ": the first field must be the key's name and the second its"
                    + " credential, e.g. \"ci-bot sha256:<64 hex digits>\"");
        }
        if (!NAME.matcher(fields[0]).matches()) {
            throw new IllegalArgumentException(where + ": name " + AuditText.quoteShort(fields[0]) + " is invalid: use 1 to 60"
                    + " characters of [A-Za-z0-9._:-], e.g. ci-bot");
        }
        String name = fields[0];
        where = where + " ('" + name + "')";
        if (fields.length < 2) {
            throw new IllegalArgumentException(where + ": the credential is missing: write \"" + name
                    + " sha256:<64 hex digits of the key's SHA-256>\"");
        }
        ApiKey.Builder key = ApiKey.builder().id(ID_PREFIX + name).name(name).createdAt(loadedAt);
        credential(fields[1], where, hasher, key);
        Set<String> seenOptions = new HashSet<>();
        for (String option : Arrays.asList(fields).subList(2, fields.length)) {
            int equals = option.indexOf('=');
            String optionName = equals < 0 ? option : option.substring(0, equals);
            if (equals < 0 || !seenOptions.add(optionName)) {
                throw new IllegalArgumentException(where + ": " + (equals < 0 ? "field " + AuditText.quoteShort(option)
                        + " is not an option" : "option " + AuditText.quoteShort(optionName) + " is given twice")
                        + "; options are scopes=a,b networks=10.0.0.0/8,2001:db8::/32 expires=2027-01-31T00:00:00Z");
            }
            String value = option.substring(equals + 1);
            try {
                switch (optionName) {
                    case "scopes" -> key.scopes(splitList(value));
                    case "networks" -> key.allowedNetworks(splitList(value).stream().map(IpNetwork::parse).toList());
                    case "expires" -> key.expiresAt(Instant.parse(value));
                    default -> throw new IllegalArgumentException("unknown option " + AuditText.quoteShort(optionName)
                            + "; options are scopes=, networks= and expires=");
                }
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + ": expires must be an ISO-8601 instant such as 2027-01-31T00:00:00Z");
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

    private static void credential(String credential, String where, KeyHasher hasher, ApiKey.Builder key) {
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
                        + (hasher.algorithm().equals("sha256") ? " (or configure the pepper it was made with)" : " and the pepper"));
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
            throw new IllegalArgumentException(where + ": the credential is neither " + hasher.algorithm()
                    + ":<64 hex digits> nor a well-formed key (prefix_ then 49 base62 characters with a valid checksum)");
        }
        KeyHash hash = hasher.hash(credential);
        LOG.warn("{}: holds a plaintext key; store only its hash instead: replace the credential with {}:{}",
                where, hasher.algorithm(), hash.toHex());
        key.hash(hash).hint(format.get().hint(credential));
    }

    private static List<String> splitList(String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(value.split(",", -1));
    }
}
