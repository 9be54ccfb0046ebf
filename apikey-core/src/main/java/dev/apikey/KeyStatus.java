package dev.apikey;

/** Where a key stands at a given instant, in the order the validator checks it. */
public enum KeyStatus {
    /** Usable: not revoked, inside its validity window. */
    ACTIVE,
    /** Revoked; never usable again. */
    REVOKED,
    /** Its not-before instant is still in the future. */
    NOT_YET_VALID,
    /** Its expiry instant has passed. */
    EXPIRED
}
