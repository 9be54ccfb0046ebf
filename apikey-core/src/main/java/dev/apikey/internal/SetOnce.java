package dev.apikey.internal;

import java.util.Set;
import org.jspecify.annotations.Nullable;

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
    public static <T> T set(@Nullable T current, @Nullable T value, String what) {
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

    /**
     * Checks that the setting {@code what}, which a field holds as {@code current}, was not given yet.
     *
     * @throws IllegalStateException if it was
     */
    public static void requireUnset(@Nullable Object current, String what) {
        if (current != null) {
            throw new IllegalStateException(what + " was already set");
        }
    }

    /**
     * Returns {@code value}, checked.
     *
     * @throws IllegalArgumentException if it is null
     */
    public static <T> T requireValue(@Nullable T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return value;
    }
}
