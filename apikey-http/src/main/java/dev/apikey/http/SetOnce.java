package dev.apikey.http;

/** The builders' rule for a setting: given at most once, never null. */
final class SetOnce {

    private SetOnce() {}

    /**
     * {@code value}, to store in a field that holds {@code current}.
     *
     * @throws IllegalArgumentException if {@code value} is null
     * @throws IllegalStateException    if the setting ({@code what}) was already given
     */
    static <T> T set(T current, T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (current != null) {
            throw new IllegalStateException(what + " was already set");
        }
        return value;
    }
}
