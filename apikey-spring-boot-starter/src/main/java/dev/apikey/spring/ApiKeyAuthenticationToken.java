package dev.apikey.spring;

import dev.apikey.servlet.ApiKeyPrincipal;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated by an API key, in Spring Security: the principal is the key's {@link ApiKeyPrincipal}
 * (id, name, hint, scopes, metadata; {@code getName()} is the key's id), each scope is an authority
 * {@code SCOPE_<scope>} (so {@code hasAuthority('SCOPE_reports:read')} works), and there are no credentials: the key
 * itself is never kept.
 */
public final class ApiKeyAuthenticationToken extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    /** What each scope's authority starts with. */
    public static final String AUTHORITY_PREFIX = "SCOPE_";

    private final ApiKeyPrincipal principal;

    /** The authentication of the key {@code principal} describes. */
    public ApiKeyAuthenticationToken(ApiKeyPrincipal principal) {
        super(principal.scopes().stream()
                .sorted()
                .map(scope -> new SimpleGrantedAuthority(AUTHORITY_PREFIX + scope))
                .toList());
        this.principal = principal;
        super.setAuthenticated(true);
    }

    @Override
    public ApiKeyPrincipal getPrincipal() {
        return principal;
    }

    /** Always {@code null}: the key is never kept. */
    @Override
    public Object getCredentials() {
        return null;
    }

    /** Refused: an API key's authentication is made authenticated, never turned so afterwards. */
    @Override
    public void setAuthenticated(boolean authenticated) {
        if (authenticated) {
            throw new IllegalArgumentException("an ApiKeyAuthenticationToken is authenticated when it is made");
        }
        super.setAuthenticated(false);
    }
}
