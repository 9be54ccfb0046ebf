package dev.apikey.spring;

import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.Decision;
import dev.apikey.servlet.ApiKeyPrincipal;
import dev.apikey.servlet.ApiKeyRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes a request's API key its Spring Security {@code Authentication}, lazily. Normally the starter's Spring MVC
 * interceptor verifies the key, with the handler's own requirement (scopes, cost), and the authentication reflects
 * what it decided. When the chain asks who the caller is before that (an {@code authorizeHttpRequests} rule that
 * needs an authentication, a session filter), the key is verified here, as one request; the interceptor then checks
 * the handler's requirement against it and charges only the rest of the handler's cost. Once the interceptor has
 * decided, asking again verifies nothing. A request without a key is left to the chain (anonymous, or a session); a
 * refused key leaves it unauthenticated, and the refusal is what the entry point answers.
 */
final class ApiKeySecurityFilter extends OncePerRequestFilter {

    private final ApiKeyAuthenticator authenticator;
    private final boolean hideKey;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    ApiKeySecurityFilter(ApiKeyAuthenticator authenticator, boolean hideKey) {
        this.authenticator = authenticator;
        this.hideKey = hideKey;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<ApiKeyRequest> found = ApiKeyRequest.find(request);
        ApiKeyRequest apiKeyRequest = found.orElseGet(() -> ApiKeyRequest.wrap(request, authenticator, hideKey));
        if (!authenticator.presented(apiKeyRequest.view()).isEmpty()) {
            Supplier<SecurityContext> before = contexts.getDeferredContext();
            contexts.setDeferredContext(() -> authenticate(apiKeyRequest, response, before));
        }
        chain.doFilter(found.isPresent() ? request : apiKeyRequest, response);
    }

    private SecurityContext authenticate(
            ApiKeyRequest request, HttpServletResponse response, Supplier<SecurityContext> before) {
        Optional<ApiKeyPrincipal> principal = request.principal();
        if (principal.isEmpty()) {
            if (request.decided() || request.getAttribute(ChainVerification.REFUSAL) != null) {
                // Decided without a key (an open endpoint) or refused: asking afterwards (the request's principal,
                // Spring's request-handled event) verifies nothing.
                return before.get();
            }
            Decision decision = authenticator.decide(request.view(), ChainVerification.ANY_KEY);
            if (decision instanceof Decision.Refused refused) {
                request.setAttribute(ChainVerification.REFUSAL, refused.refusal());
                return before.get();
            }
            Decision.Allowed allowed = (Decision.Allowed) decision;
            if (!response.isCommitted()) {
                allowed.headers().forEach(response::setHeader);
            }
            request.allow(allowed);
            request.setAttribute(ChainVerification.CHARGED_ONE, Boolean.TRUE);
            principal = request.principal();
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthenticationToken(principal.orElseThrow()));
        return context;
    }
}
