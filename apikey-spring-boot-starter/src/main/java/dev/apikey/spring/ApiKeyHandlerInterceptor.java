package dev.apikey.spring;

import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.servlet.ApiKeyFilter;
import dev.apikey.servlet.ApiKeyPrincipal;
import dev.apikey.servlet.ApiKeyRequest;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.servlet.AsyncHandlerInterceptor;

/**
 * Decides each request to a Spring MVC handler ({@link MvcDecisions}): a handler method by its own and its
 * controller's annotations, any other handler (static resources, CORS preflights, Actuator) by the path rules.
 * Registered as a mapped interceptor, so every handler mapping of the application applies it, Actuator's and those
 * of applications that configure MVC themselves included. A request it lets through with a key answers its
 * {@link ApiKeyPrincipal} and has the key's id in the logging MDC while the handler runs.
 */
final class ApiKeyHandlerInterceptor implements AsyncHandlerInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyHandlerInterceptor.class);
    private static final String PREVIOUS_MDC = ApiKeyHandlerInterceptor.class.getName() + ".previousMdc";

    private final MvcDecisions decisions;
    private final ApiKeyAuthenticator authenticator;
    private final boolean hideKey;
    private final AtomicBoolean warnedUnwrapped = new AtomicBoolean();

    ApiKeyHandlerInterceptor(MvcDecisions decisions, ApiKeyAuthenticator authenticator, boolean hideKey) {
        this.decisions = decisions;
        this.authenticator = authenticator;
        this.hideKey = hideKey;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            return true; // the error page of a request decided on its way in
        }
        ApiKeyRequest apiKeyRequest = ApiKeyRequest.find(request).orElseGet(() -> unwrapped(request));
        if (!decisions.admit(apiKeyRequest, response, handler)) {
            return false;
        }
        apiKeyRequest.principal().ifPresent(principal -> {
            String previous = MDC.get(ApiKeyFilter.MDC_KEY);
            if (previous != null) {
                request.setAttribute(PREVIOUS_MDC, previous);
            }
            MDC.put(ApiKeyFilter.MDC_KEY, principal.id());
        });
        return true;
    }

    @Override
    public void afterConcurrentHandlingStarted(
            HttpServletRequest request, HttpServletResponse response, Object handler) {
        restoreMdc(request); // the request continues on another thread
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, @Nullable Exception ex) {
        restoreMdc(request);
    }

    private static void restoreMdc(HttpServletRequest request) {
        if (request.getAttribute(PREVIOUS_MDC) instanceof String previous) {
            MDC.put(ApiKeyFilter.MDC_KEY, previous);
            request.removeAttribute(PREVIOUS_MDC);
        } else {
            MDC.remove(ApiKeyFilter.MDC_KEY);
        }
    }

    /** A request the starter's filter did not wrap (its bean removed, or a MockMvc built without filters). */
    private ApiKeyRequest unwrapped(HttpServletRequest request) {
        if (warnedUnwrapped.compareAndSet(false, true)) {
            LOG.warn("apikey: a request reached Spring MVC without passing the apikey request filter (bean"
                    + " apiKeyRequestFilter): it is still checked, but its handler can read the key and"
                    + " getUserPrincipal() is not set; keep the filter registered (in MockMvc tests, build MockMvc"
                    + " with the application's filters, as @AutoConfigureMockMvc does)");
        }
        return ApiKeyRequest.wrap(request, authenticator, hideKey);
    }
}
