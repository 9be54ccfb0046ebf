package dev.apikey;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Validation of the attributes a key carries (id, name, scopes, networks, metadata), shared by
 * {@link ApiKey}, {@link KeySpec} and the stores, with messages that name the problem.
 */
final class KeyAttributes {

    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_SCOPES = 64;
    static final int MAX_NETWORKS = 64;
    static final int MAX_METADATA_ENTRIES = 32;
    static final int MAX_METADATA_VALUE_LENGTH = 1024;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
    private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Says why a harmless-looking long run of letters and digits is refused along with whole keys. */
    private static final String MAY_BE_PART_OF_A_KEY =
            " (nor " + KeyFormat.SECRET_RUN_LENGTH + " or more letters and digits in a row, which may be part of one)";

    private KeyAttributes() {}

    static String id(@Nullable String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("key id " + SafeText.quoted(id) + " is invalid: it must hold 1 to 64"
                    + " characters of [A-Za-z0-9_.:-] and start with a letter or digit, e.g. key_3xYzAbCdEfGhIjKlMnOp");
        }
        return id;
    }

    static String name(@Nullable String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "name must not be blank: give each key a name that says who uses it, e.g. \"billing-service\"");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    "name must hold at most " + MAX_NAME_LENGTH + " characters, got " + name.length());
        }
        if (KeyFormat.occursIn(name)) {
            throw new IllegalArgumentException(
                    "name must not contain an API key" + MAY_BE_PART_OF_A_KEY + ": names are shown in lists and logs;"
                            + " name the key after who uses it, e.g. \"billing-service\"");
        }
        if (hasInvisibleCharacter(name)) {
            throw new IllegalArgumentException("name must not contain control characters (line breaks, tabs, ...)"
                    + " or invisible formatting characters (U+202E, U+200B, ...): " + SafeText.quoted(name));
        }
        return name;
    }

    static Set<String> scopes(@Nullable Collection<String> scopes) {
        if (scopes == null) {
            throw new IllegalArgumentException("scopes must not be null; pass an empty set for a key without scopes");
        }
        if (scopes.size() > MAX_SCOPES) {
            throw new IllegalArgumentException("a key holds at most " + MAX_SCOPES + " scopes, got " + scopes.size());
        }
        Set<String> copy = new LinkedHashSet<>();
        for (String scope : scopes) {
            if (scope == null || scope.isBlank()) {
                throw new IllegalArgumentException("scopes must not contain blank entries");
            }
            if (!isScope(scope)) {
                throw new IllegalArgumentException(
                        "scope " + SafeText.quoted(scope) + " is invalid: a scope holds 1 to 128"
                                + " characters of [A-Za-z0-9._:/-], e.g. \"reports:read\"");
            }
            if (KeyFormat.occursIn(scope)) {
                throw new IllegalArgumentException(
                        "a scope must not contain an API key" + MAY_BE_PART_OF_A_KEY + ": scopes are shown"
                                + " in lists, logs and the key's principal; name a permission, e.g. \"reports:read\"");
            }
            copy.add(scope);
        }
        return Collections.unmodifiableSet(copy);
    }

    /** Whether {@code scope} is 1 to 128 characters of {@code [A-Za-z0-9._:/-]} (a loop: this runs per request). */
    static boolean isScope(String scope) {
        int length = scope.length();
        if (length < 1 || length > 128) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = scope.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == ':'
                    || c == '/'
                    || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    static List<IpNetwork> networks(@Nullable Collection<IpNetwork> networks) {
        if (networks == null) {
            throw new IllegalArgumentException(
                    "allowedNetworks must not be null; pass an empty list to allow every address");
        }
        if (networks.size() > MAX_NETWORKS) {
            throw new IllegalArgumentException(
                    "a key allows at most " + MAX_NETWORKS + " networks, got " + networks.size());
        }
        for (IpNetwork network : networks) {
            if (network == null) {
                throw new IllegalArgumentException("allowedNetworks must not contain null entries");
            }
        }
        return List.copyOf(new LinkedHashSet<>(networks));
    }

    static Map<String, String> metadata(@Nullable Map<String, String> metadata) {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata must not be null; pass an empty map for none");
        }
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw new IllegalArgumentException(
                    "a key holds at most " + MAX_METADATA_ENTRIES + " metadata entries, got " + metadata.size());
        }
        Map<String, String> copy = new LinkedHashMap<>();
        metadata.forEach((key, value) -> copy.put(metadataKey(key), metadataValue(key, value)));
        return Collections.unmodifiableMap(copy);
    }

    static String metadataKey(String key) {
        if (key == null || !METADATA_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("metadata key " + SafeText.quoted(key)
                    + " is invalid: it holds 1 to 64 characters of [A-Za-z0-9._-]");
        }
        if (KeyFormat.occursIn(key)) {
            throw new IllegalArgumentException("a metadata key must not be an API key" + MAY_BE_PART_OF_A_KEY
                    + ": metadata is shown in lists, logs" + " and the key's principal; use a word such as \"team\"");
        }
        return key;
    }

    static String metadataValue(String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException("metadata value of " + SafeText.quoted(key) + " must not be null");
        }
        if (value.length() > MAX_METADATA_VALUE_LENGTH) {
            throw new IllegalArgumentException("metadata value of " + SafeText.quoted(key) + " must hold at most "
                    + MAX_METADATA_VALUE_LENGTH + " characters, got " + value.length());
        }
        if (KeyFormat.occursIn(value)) {
            throw new IllegalArgumentException("metadata value of " + SafeText.quoted(key) + " must not contain an"
                    + " API key" + MAY_BE_PART_OF_A_KEY + ": metadata is shown in lists, logs and the key's principal");
        }
        if (hasInvisibleCharacter(value)) {
            throw new IllegalArgumentException("metadata value of " + SafeText.quoted(key)
                    + " must not contain control characters" + " or invisible formatting characters");
        }
        return value;
    }

    /** The latest instant a key may carry: stores and clients can all represent it. */
    static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59Z");
    /** The earliest instant a key may carry. */
    static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");

    static void instant(String name, @Nullable Instant value) {
        if (value != null && (value.isAfter(MAX_INSTANT) || value.isBefore(MIN_INSTANT))) {
            throw new IllegalArgumentException(
                    name + " " + value + " is out of range: instants must lie between" + " 0001-01-01 and 9999-12-31");
        }
    }

    /**
     * Control characters, line and paragraph separators, and invisible formatting characters (bidirectional
     * controls such as U+202E, zero-width characters such as U+200B): they can forge log lines, make a name read as
     * another, or split a pasted key so that it is no longer recognised.
     */
    private static boolean hasInvisibleCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)
                    || c == '\u2028'
                    || c == '\u2029'
                    || Character.getType(c) == Character.FORMAT) {
                return true;
            }
        }
        return false;
    }
}
