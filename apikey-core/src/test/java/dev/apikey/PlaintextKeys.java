package dev.apikey;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds text shaped like a key of any prefix: a prefix, {@code _} and at least 43 base62 characters (a key's
 * body), with or without a valid checksum, since the body alone is the secret. What the secrets tests look for.
 */
public final class PlaintextKeys {

    private static final Pattern KEY_SHAPED = Pattern.compile("[a-z][a-z0-9_]{0,15}_[0-9A-Za-z]{43,}");

    private PlaintextKeys() {}

    /** Every piece of key-shaped text in {@code text}, in order. */
    public static List<String> in(CharSequence text) {
        List<String> keys = new ArrayList<>();
        Matcher matcher = KEY_SHAPED.matcher(text);
        while (matcher.find()) {
            keys.add(matcher.group());
        }
        return keys;
    }
}
