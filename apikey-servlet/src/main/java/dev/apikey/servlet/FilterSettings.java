package dev.apikey.servlet;

import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.EndpointRequirement;
import dev.apikey.http.PathRules;

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
record FilterSettings(ApiKeyAuthenticator authenticator, PathRules pathRules, boolean hideKey,
        boolean corsPreflightWithoutKey, ErrorResponder errorResponder) {

    /** One line for the start-up log; never contains a secret. */
    String describe() {
        return authenticator.settings().describeKeySources()
                + ", requireByDefault=" + (pathRules.defaultRequirement().access()
                        == EndpointRequirement.Access.REQUIRE)
                + ", pathRules=" + pathRules
                + ", hideKey=" + hideKey
                + ", corsPreflightWithoutKey=" + corsPreflightWithoutKey
                + ", " + authenticator.settings().describeRules()
                + ", errorResponder=" + errorResponder;
    }
}
