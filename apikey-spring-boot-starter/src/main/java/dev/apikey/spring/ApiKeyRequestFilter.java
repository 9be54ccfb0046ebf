package dev.apikey.spring;

import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.servlet.ApiKeyRequest;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * Wraps each request, on every dispatch, in an {@link ApiKeyRequest} before Spring MVC sees it: the application
 * never reads where a key was sent, and the request answers its principal once {@link ApiKeyHandlerInterceptor}
 * lets it through with a key. The decision itself is the interceptor's, which knows the handler method.
 */
final class ApiKeyRequestFilter implements Filter {

    private final ApiKeyAuthenticator authenticator;
    private final boolean hideKey;

    ApiKeyRequestFilter(ApiKeyAuthenticator authenticator, boolean hideKey) {
        this.authenticator = authenticator;
        this.hideKey = hideKey;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http
                && ApiKeyRequest.find(request).isEmpty()) {
            chain.doFilter(ApiKeyRequest.wrap(http, authenticator, hideKey), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    @Override
    public String toString() {
        return "ApiKeyRequestFilter[" + authenticator + "]";
    }
}
