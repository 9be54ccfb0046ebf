package dev.apikey.spring;

import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.Decision;
import dev.apikey.http.Refusal;
import dev.apikey.servlet.ApiKeyRequest;
import dev.apikey.servlet.ErrorResponder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Spring Security's refusals answered as every apikey refusal is: the HTTP layer's status, headers and RFC 9457
 * problem. Unauthenticated: the refusal of the key the request carried (invalid, revoked, rate-limited, store down),
 * or 401 {@code missing_api_key}. Authenticated by a key that lacks an authority: 403 {@code insufficient_scope};
 * otherwise 403 {@code forbidden}.
 */
final class ApiKeyRefusals implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ApiKeyAuthenticator authenticator;
    private final ErrorResponder errorResponder;
    private final boolean hideKey;

    ApiKeyRefusals(ApiKeyAuthenticator authenticator, ErrorResponder errorResponder, boolean hideKey) {
        this.authenticator = authenticator;
        this.errorResponder = errorResponder;
        this.hideKey = hideKey;
    }

    @Override
    public void commence(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException authException)
            throws IOException {
        ApiKeyRequest apiKeyRequest = apiKeyRequest(request);
        Refusal refusal;
        if (request.getAttribute(ChainVerification.REFUSAL) instanceof Refusal recorded) {
            refusal = recorded;
        } else if (authenticator.presented(apiKeyRequest.view()).isEmpty()
                && authenticator.decide(apiKeyRequest.view(), ChainVerification.ANY_KEY)
                        instanceof Decision.Refused missing) {
            refusal = missing.refusal();
        } else {
            refusal = authenticator.forbidden();
        }
        apiKeyRequest.refuse(response, refusal, errorResponder);
    }

    @Override
    public void handle(
            HttpServletRequest request, HttpServletResponse response, AccessDeniedException accessDeniedException)
            throws IOException {
        Refusal refusal;
        if (request.getAttribute(ChainVerification.REFUSAL) instanceof Refusal recorded) {
            refusal = recorded; // the key the request carried was refused (CSRF protection then stopped it)
        } else if (SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication()
                instanceof ApiKeyAuthenticationToken) {
            refusal = authenticator.insufficientScope(ChainVerification.ANY_KEY);
        } else {
            refusal = authenticator.forbidden();
        }
        apiKeyRequest(request).refuse(response, refusal, errorResponder);
    }

    private ApiKeyRequest apiKeyRequest(HttpServletRequest request) {
        return ApiKeyRequest.find(request).orElseGet(() -> ApiKeyRequest.wrap(request, authenticator, hideKey));
    }
}
