package dev.apikey.jaxrs;

import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.EndpointRequirement;
import dev.apikey.http.PathRules;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link ApiKeyFeature} was built with, validated.
 *
 * @param authenticator           the HTTP layer's rules: where keys are read, how they are verified and refused
 * @param pathRules               what unannotated resource methods require, by path
 * @param hideKey                 whether the places that carried a key are hidden from the resource
 * @param corsPreflightWithoutKey whether CORS preflights reach an {@code @OPTIONS} method without a key
 * @param problemTypeBase         the base of the problem {@code type}, or {@code null} for {@code about:blank}
 */
record JaxRsSettings(
        ApiKeyAuthenticator authenticator,
        PathRules pathRules,
        boolean hideKey,
        boolean corsPreflightWithoutKey,
        @Nullable String problemTypeBase) {

    /** For the start-up log line: never a secret. */
    String describe() {
        return authenticator.settings().describeKeySources()
                + ", requireByDefault="
                + (pathRules.defaultRequirement().access() == EndpointRequirement.Access.REQUIRE)
                + ", pathRules=" + pathRules
                + ", hideKey=" + hideKey
                + ", corsPreflightWithoutKey=" + corsPreflightWithoutKey
                + ", " + authenticator.settings().describeRules()
                + ", problemTypeBase=" + (problemTypeBase == null ? "about:blank" : problemTypeBase);
    }
}
