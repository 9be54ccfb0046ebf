package dev.apikey.jaxrs;

import dev.apikey.servlet.ApiKeyPrincipal;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The security context of a request a key authenticated: the key's {@link ApiKeyPrincipal}, its scopes as roles,
 * {@value ApiKeyFeature#AUTHENTICATION_SCHEME} as the scheme, and HTTPS as the HTTP layer reads it (trusted proxies'
 * forwarding headers included).
 */
record KeySecurityContext(ApiKeyPrincipal principal, boolean secure) implements SecurityContext {

    @Override
    public ApiKeyPrincipal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return principal.hasScope(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return ApiKeyFeature.AUTHENTICATION_SCHEME;
    }
}
