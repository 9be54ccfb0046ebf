package dev.apikey.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A request authenticated by an API key: answers {@code getUserPrincipal}, {@code getRemoteUser},
 * {@code isUserInRole} (by scope) and {@code getAuthType}, and hides where the key was sent.
 */
final class AuthenticatedRequest extends KeyHidingRequest {

    /** The value of {@link #getAuthType()}. */
    static final String AUTH_TYPE = "API_KEY";

    private final ApiKeyPrincipal principal;

    AuthenticatedRequest(
            HttpServletRequest request,
            ApiKeyPrincipal principal,
            Set<String> hiddenHeaders,
            @Nullable String hiddenParameter) {
        super(request, hiddenHeaders, hiddenParameter);
        this.principal = principal;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return principal.getName();
    }

    @Override
    public boolean isUserInRole(String role) {
        return role != null && principal.hasScope(role);
    }

    @Override
    public String getAuthType() {
        return AUTH_TYPE;
    }
}
