package dev.apikey.http;

import java.util.HashSet;
import java.util.Set;

/**
 * The {@link KeySources} of every combination of the places a key can be read from, made once per authenticator so
 * an allowed request allocates none.
 */
final class PresentedSources {

    private final KeySources[] byPlaces;

    PresentedSources(AuthenticatorSettings settings) {
        this.byPlaces = all(settings);
    }

    /** Where {@code presented} carried a key, as the decision reports it. */
    KeySources of(PresentedKey presented) {
        return byPlaces[
                (presented.fromHeader() ? 1 : 0)
                        | (presented.fromAuthorization() ? 2 : 0)
                        | (presented.fromQuery() ? 4 : 0)];
    }

    /** Every combination of the three places, by bit (header 1, {@code Authorization} 2, query 4): made once. */
    private static KeySources[] all(AuthenticatorSettings settings) {
        KeySources[] all = new KeySources[8];
        for (int places = 0; places < all.length; places++) {
            Set<String> headers = new HashSet<>();
            if ((places & 1) != 0) {
                headers.add(settings.headerName());
            }
            if ((places & 2) != 0) {
                headers.add("authorization");
            }
            all[places] = places == 0
                    ? KeySources.NONE
                    : new KeySources(headers, (places & 4) != 0 ? settings.queryParameter() : null);
        }
        return all;
    }
}
