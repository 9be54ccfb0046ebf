package dev.apikey.spring;

import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.servlet.ApiKeyRequest;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Wraps each request, on every dispatch, in an {@link ApiKeyRequest} before Spring MVC sees it: the application
 * never reads where a key was sent, and the request answers its principal once it is let through with a key. A
 * request to a Spring {@link DispatcherServlet} is decided by {@link ApiKeyHandlerInterceptor}, which knows the
 * handler; a request to any other servlet (one the application registers itself) is decided here, by the path
 * rules and the default — never left unchecked.
 */
final class ApiKeyRequestFilter implements Filter {

    private final ApiKeyAuthenticator authenticator;
    private final MvcDecisions decisions;
    private final boolean hideKey;
    private final Map<String, Boolean> dispatchers = new ConcurrentHashMap<>();

    ApiKeyRequestFilter(ApiKeyAuthenticator authenticator, MvcDecisions decisions, boolean hideKey) {
        this.authenticator = authenticator;
        this.decisions = decisions;
        this.hideKey = hideKey;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        ApiKeyRequest found = ApiKeyRequest.find(request).orElse(null);
        ApiKeyRequest apiKeyRequest = found != null ? found : ApiKeyRequest.wrap(http, authenticator, hideKey);
        if (http.getDispatcherType() == DispatcherType.REQUEST
                && !toDispatcher(http)
                && !decisions.admit(apiKeyRequest, httpResponse, null)) {
            return;
        }
        chain.doFilter(found != null ? request : apiKeyRequest, response);
    }

    /** Whether {@code request} goes to a Spring {@code DispatcherServlet} (whose interceptor decides it). */
    private boolean toDispatcher(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        if (mapping == null || mapping.getServletName() == null) {
            return false;
        }
        return dispatchers.computeIfAbsent(mapping.getServletName(), name -> {
            ServletRegistration registration = request.getServletContext().getServletRegistration(name);
            if (registration == null || registration.getClassName() == null) {
                return false;
            }
            try {
                Class<?> servlet = Class.forName(
                        registration.getClassName(),
                        false,
                        request.getServletContext().getClassLoader());
                return DispatcherServlet.class.isAssignableFrom(servlet);
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        });
    }

    @Override
    public String toString() {
        return "ApiKeyRequestFilter[" + authenticator + "]";
    }
}
