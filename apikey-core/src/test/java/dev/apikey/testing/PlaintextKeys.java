package dev.apikey.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds text that may be (part of) a key of any prefix: a run of at least 32 base62 characters, with or without a
 * prefix before it and whatever its checksum, since the body alone is the secret and most of it is enough to
 * recover the rest (a key cut by a few characters is completed by guessing against the checksum). Written apart from
 * {@code KeyFormat.redact} on purpose: what the secrets tests look for, so a change there cannot blind them.
 */
public final class PlaintextKeys {

    private static final Pattern KEY_SHAPED = Pattern.compile("(?:[a-z][a-z0-9_]{0,15}_)?[0-9A-Za-z]{32,}");

    /** Hashes and commit ids: a key's body, random base62, is never 32 hexadecimal digits of one case in a row. */
    private static final Pattern HEX_OF_ONE_CASE = Pattern.compile("(?:[a-z][a-z0-9_]{0,15}_)?(?:[0-9a-f]+|[0-9A-F]+)");

    private PlaintextKeys() {}

    /** Every piece of key-shaped text in {@code text}, in order. */
    public static List<String> in(CharSequence text) {
        List<String> keys = new ArrayList<>();
        Matcher matcher = KEY_SHAPED.matcher(text);
        while (matcher.find()) {
            if (!HEX_OF_ONE_CASE.matcher(matcher.group()).matches()) {
                keys.add(matcher.group());
            }
        }
        return keys;
    }
}
