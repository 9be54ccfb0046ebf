package dev.apikey.internal;

import java.util.Set;

/**
 * The builders' rule for a setting, shared by every apikey module: given at most once, never null. Not API: the
 * package is exported only to apikey's own modules.
 */
public final class SetOnce {

    private SetOnce() {}

    /**
     * {@code value}, to store in a field that holds {@code current}.
     *
     * @throws IllegalArgumentException if {@code value} is null
     * @throws IllegalStateException    if the setting ({@code what}) was already given
     */
    public static <T> T set(T current, T value, String what) {
        requireUnset(current, what);
        return requireValue(value, what);
    }

    /**
     * Records in {@code given} that the setting {@code what} is being given, for builders whose fields hold defaults.
     *
     * @throws IllegalStateException if it was already given
     */
    public static void mark(Set<String> given, String what) {
        if (!given.add(what)) {
            throw new IllegalStateException(what + " was already set");
        }
    }

    /** @throws IllegalStateException if the setting ({@code what}) that a field holds as {@code current} was already given */
    public static void requireUnset(Object current, String what) {
        if (current != null) {
            throw new IllegalStateException(what + " was already set");
        }
    }

    /** {@code value}; @throws IllegalArgumentException if it is null */
    public static <T> T requireValue(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return value;
    }
}
