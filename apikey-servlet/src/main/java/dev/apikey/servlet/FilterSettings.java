package dev.apikey.servlet;

import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.EndpointRequirement;
import dev.apikey.http.PathRules;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything an {@link ApiKeyFilter} was configured with, validated: the HTTP layer's authenticator and path rules,
 * and what only a servlet filter does.
 *
 * @param authenticator           decides requests
 * @param pathRules               what paths require without annotations, and the default
 * @param hideKey                 whether the places that carried a key are hidden from the application
 * @param corsPreflightWithoutKey whether CORS preflights pass without a key
 * @param errorResponder          writes refusals' bodies
 */
record FilterSettings(
        ApiKeyAuthenticator authenticator,
        PathRules pathRules,
        boolean hideKey,
        boolean corsPreflightWithoutKey,
        ErrorResponder errorResponder) {

    /** The headers keys are read from, lower-case: the key header and {@code authorization}. */
    Set<String> keyHeaders() {
        return Set.copyOf(List.of(authenticator.settings().headerName().toLowerCase(Locale.ROOT), "authorization"));
    }

    /** One line for the start-up log; never contains a secret. */
    String describe() {
        return authenticator.settings().describeKeySources()
                + ", requireByDefault="
                + (pathRules.defaultRequirement().access() == EndpointRequirement.Access.REQUIRE)
                + ", pathRules=" + pathRules
                + ", hideKey=" + hideKey
                + ", corsPreflightWithoutKey=" + corsPreflightWithoutKey
                + ", " + authenticator.settings().describeRules()
                + ", errorResponder=" + errorResponder;
    }
}
