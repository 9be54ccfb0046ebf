package dev.apikey;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds well-formed keys of any prefix (shape and checksum) in text: what the secrets tests look for. */
public final class PlaintextKeys {

    private static final Pattern KEY_SHAPED = Pattern.compile("[a-z][a-z0-9_]{0,15}_[0-9A-Za-z]{49}");

    private PlaintextKeys() {}

    /** Every well-formed key in {@code text}, in order; key-shaped text with a wrong checksum is not one. */
    public static List<String> in(CharSequence text) {
        List<String> keys = new ArrayList<>();
        Matcher matcher = KEY_SHAPED.matcher(text);
        while (matcher.find()) {
            // The match may begin before the key's prefix ("xak_…"): try each start until one is a key.
            String candidate = matcher.group();
            for (int start = 0; start < candidate.length(); start++) {
                if (KeyFormat.detect(candidate.substring(start)).isPresent()) {
                    keys.add(candidate.substring(start));
                    break;
                }
            }
        }
        return keys;
    }
}
