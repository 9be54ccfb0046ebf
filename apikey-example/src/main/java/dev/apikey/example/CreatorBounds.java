package dev.apikey.example;

import dev.apikey.ApiKey;
import dev.apikey.IpNetwork;
import dev.apikey.KeySpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a key issued through the admin API may hold: never more reach than the admin key that asks for it (the
 * creator). A new key's networks must lie inside the creator's and it may not outlive the creator; networks and
 * expiry left out are inherited from a restricted creator. Otherwise a {@code keys:admin} key limited to one
 * address and ten minutes could mint an unrestricted, everlasting admin key.
 *
 * <p>Scopes are not bounded by the creator's: {@code keys:admin} is the right to grant scopes, and an admin key
 * should not itself hold the data scopes it grants (the first-start admin key holds {@code keys:admin} only, and
 * cannot read {@code /reports}). A restricted admin can still create a {@code keys:admin} key, but one held to the
 * same networks and expiry, so nothing it creates reaches further than it does.
 */
record CreatorBounds(ApiKey creator) {

    /** A request that asks for more than the creator holds: answered 403 {@code exceeds_creator}. */
    static final class ExceedsCreatorException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ExceedsCreatorException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * {@code requested} bounded by the creator: inherited networks and expiry filled in.
     *
     * @throws ExceedsCreatorException if it asks for a network or lifetime beyond the creator's
     */
    KeySpec bound(KeySpec requested, Instant now) {
        List<IpNetwork> networks = requested.allowedNetworks();
        if (!creator.allowedNetworks().isEmpty()) {
            if (networks.isEmpty()) {
                networks = creator.allowedNetworks();
            }
            for (IpNetwork network : networks) {
                if (creator.allowedNetworks().stream().noneMatch(allowed -> allowed.encloses(network))) {
                    throw new ExceedsCreatorException(
                            "the network " + network + " is not inside the networks of the admin"
                                    + " key " + creator.id() + " (" + creator.allowedNetworks()
                                    + "): a key created through the admin API"
                                    + " may be used only from where its creator may be");
                }
            }
        }
        Optional<Instant> expiresAt =
                requested.expiresAt().or(() -> requested.lifetime().map(now::plus));
        if (creator.expiresAt().isPresent()) {
            Instant creatorExpiry = creator.expiresAt().get();
            if (expiresAt.isEmpty()) {
                expiresAt = creator.expiresAt();
            } else if (expiresAt.get().isAfter(creatorExpiry)) {
                throw new ExceedsCreatorException(
                        "the key would expire at " + expiresAt.get() + ", after the admin key "
                                + creator.id() + " that creates it (" + creatorExpiry
                                + "): choose a shorter expiresIn, or leave it"
                                + " out to expire with the admin key");
            }
        }
        return new KeySpec(
                requested.name(),
                requested.scopes(),
                networks,
                requested.metadata(),
                requested.notBefore(),
                expiresAt,
                Optional.empty(),
                requested.rateLimit(),
                requested.quota());
    }

    /**
     * Refuses a rotation whose replacement could reach further than the creator: the replacement copies the
     * rotated key's networks and starts its lifetime anew, so the rotated key must be usable only inside the
     * creator's networks, and a creator that expires rotates nothing (it revokes and creates instead).
     *
     * @throws ExceedsCreatorException if the replacement could reach further than the creator
     */
    void checkRotation(ApiKey rotated) {
        if (!creator.allowedNetworks().isEmpty()
                && (rotated.allowedNetworks().isEmpty()
                        || !rotated.allowedNetworks().stream()
                                .allMatch(network -> creator.allowedNetworks().stream()
                                        .anyMatch(allowed -> allowed.encloses(network))))) {
            throw new ExceedsCreatorException("the key " + rotated.id() + " may be used from networks the admin key "
                    + creator.id() + " may not: only a key allowed everywhere the rotated key is can rotate it");
        }
        if (creator.expiresAt().isPresent()) {
            throw new ExceedsCreatorException(
                    "the admin key " + creator.id() + " expires, and a rotated key's replacement"
                            + " starts a lifetime of its own that could outlive it: revoke the key and create a new one instead");
        }
    }
}
