package dev.apikey.spring;

import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.Decision;
import dev.apikey.servlet.ApiKeyPrincipal;
import dev.apikey.servlet.ApiKeyRequest;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Makes a request's API key its Spring Security {@code Authentication}, lazily. Normally the starter's Spring MVC
 * interceptor verifies the key, with the handler's own requirement (scopes, cost), and the authentication reflects
 * what it decided. When the chain asks who the caller is before that (an {@code authorizeHttpRequests} rule that
 * needs an authentication, CSRF protection, a session filter), the key is verified here, as one request; the
 * interceptor then checks the handler's requirement against it and charges only the rest of the handler's cost.
 * Nothing is verified once the chain has ended ({@link ChainVerification#CHAIN_ENDED}): asking afterwards (the
 * application, Spring MVC's request-handled event) only reflects what was decided. A refused key leaves the request
 * unauthenticated — never authenticated by a session instead — and the refusal is what the entry point answers. A
 * later dispatch of a request authenticated by a key (async, error) gets its authentication back at once.
 */
final class ApiKeySecurityFilter implements Filter {

    private final ApiKeyAuthenticator authenticator;
    private final boolean hideKey;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    ApiKeySecurityFilter(ApiKeyAuthenticator authenticator, boolean hideKey) {
        this.authenticator = authenticator;
        this.hideKey = hideKey;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        if (!(servletRequest instanceof HttpServletRequest request)
                || !(servletResponse instanceof HttpServletResponse response)) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        Optional<ApiKeyRequest> found = ApiKeyRequest.find(request);
        ApiKeyRequest apiKeyRequest = found.orElseGet(() -> ApiKeyRequest.wrap(request, authenticator, hideKey));
        Optional<ApiKeyPrincipal> established = apiKeyRequest.principal();
        if (established.isPresent()) {
            contexts.setContext(authenticated(established.get()));
        } else if (!authenticator.presented(apiKeyRequest.view()).isEmpty()) {
            contexts.setDeferredContext(() -> authenticate(apiKeyRequest, response));
        }
        chain.doFilter(found.isPresent() ? request : apiKeyRequest, response);
    }

    private SecurityContext authenticate(ApiKeyRequest request, HttpServletResponse response) {
        Optional<ApiKeyPrincipal> principal = request.principal();
        if (principal.isPresent()) {
            return authenticated(principal.get());
        }
        if (request.decided()
                || request.getAttribute(ChainVerification.REFUSAL) != null
                || request.getAttribute(ChainVerification.CHAIN_ENDED) != null) {
            return contexts.createEmptyContext();
        }
        Decision decision = authenticator.decide(request.view(), ChainVerification.ANY_KEY);
        if (decision instanceof Decision.Refused refused) {
            request.setAttribute(ChainVerification.REFUSAL, refused.refusal());
            return contexts.createEmptyContext();
        }
        Decision.Allowed allowed = (Decision.Allowed) decision;
        if (!response.isCommitted()) {
            allowed.headers().forEach(response::setHeader);
        }
        request.allow(allowed);
        request.setAttribute(ChainVerification.CHARGED_ONE, Boolean.TRUE);
        return authenticated(request.principal().orElseThrow());
    }

    private SecurityContext authenticated(ApiKeyPrincipal principal) {
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthenticationToken(principal));
        return context;
    }

    /** Marks the end of the chain on a request: from then on, asking who the caller is verifies nothing. */
    static final class ChainEnd implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            request.setAttribute(ChainVerification.CHAIN_ENDED, Boolean.TRUE);
            chain.doFilter(request, response);
        }
    }
}
