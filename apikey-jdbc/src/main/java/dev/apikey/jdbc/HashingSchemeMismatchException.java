package dev.apikey.jdbc;

import dev.apikey.KeyStoreException;

/**
 * The key database's keys were hashed with another algorithm or pepper than the hasher this process was given:
 * keys it issued would never verify and keys it looked up would not be found, so the store refuses to be used with
 * it (nothing is written). The message names the algorithms, never a pepper or a check value, and says what to do.
 */
public final class HashingSchemeMismatchException extends KeyStoreException {

    private static final long serialVersionUID = 1L;

    HashingSchemeMismatchException(String storedText, HashingScheme current) {
        super(message(HashingScheme.algorithmOf(storedText), current));
    }

    private static String message(String storedAlgorithm, HashingScheme current) {
        String problem = storedAlgorithm.equals(current.algorithm())
                ? "the key database's keys are hashed with " + storedAlgorithm
                        + " under another pepper than this process's"
                : "the key database's keys are hashed with " + storedAlgorithm + ", but this process hashes with "
                        + current.algorithm();
        return problem + ": keys issued here would never verify and keys looked up here would not be found, so"
                + " nothing was written. Give this process the hasher and pepper the database was written with (the"
                + " server's)";
    }
}
