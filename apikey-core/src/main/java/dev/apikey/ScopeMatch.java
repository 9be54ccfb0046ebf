package dev.apikey;

/** How a key's scopes must cover the scopes an endpoint requires. */
public enum ScopeMatch {
    /** The key must hold every required scope. */
    ALL,
    /** The key must hold at least one of the required scopes (none required: always satisfied). */
    ANY
}
