package dev.apikey.servlet;

import dev.apikey.http.Decision;
import dev.apikey.http.KeySources;
import dev.apikey.http.Refusal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What {@link ApiKeyFilter} does with a request once it knows the answer: let it through (the key's places hidden,
 * the principal and MDC set, restored on a later dispatch) or refuse it with what the HTTP layer decided.
 */
final class FilterOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyFilter.class);

    private FilterOutcomes() {}

    /**
     * What the filter established on a request's {@code REQUEST} dispatch, kept in a request attribute for its
     * later dispatches. Only this package can make one, so application code cannot forge an authentication.
     */
    record Authenticated(ApiKeyPrincipal principal, KeySources hidden) {
        static final String ATTRIBUTE = ApiKeyFilter.class.getName() + ".authenticated";

        static @Nullable Authenticated of(ServletRequest request) {
            return request.getAttribute(ATTRIBUTE) instanceof Authenticated authenticated ? authenticated : null;
        }
    }

    /** Lets a request through: with its principal restored on a later dispatch, the key hidden if asked. */
    static void pass(
            HttpServletRequest request,
            HttpServletResponse response,
            FilterChain chain,
            @Nullable Authenticated earlier,
            FilterSettings settings,
            ServletRequestView view)
            throws IOException, ServletException {
        if (earlier != null) {
            if (request.getUserPrincipal() instanceof ApiKeyPrincipal) {
                chain.doFilter(request, response);
            } else {
                serveAuthenticated(request, response, chain, earlier);
            }
            return;
        }
        if (settings.hideKey()) {
            // Every place that carried a key, beneath the wrappers and as the filters before this one present it.
            KeySources presented = settings.authenticator().presented(view);
            if (view.keysFromBeneathWrappers()) {
                presented = presented.and(
                        settings.authenticator().presented(ServletRequestView.asReceived(request, view.path())));
            }
            if (!presented.isEmpty()) {
                chain.doFilter(
                        new KeyHidingRequest(request, presented.headers(), presented.queryParameter()), response);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** Serves or refuses a request that needed a key, as the HTTP layer decided. */
    static void serve(
            HttpServletRequest request,
            HttpServletResponse response,
            FilterChain chain,
            Decision decision,
            FilterSettings settings)
            throws IOException, ServletException {
        if (decision instanceof Decision.Refused refused) {
            refuse(request, response, refused.refusal(), settings.errorResponder());
            return;
        }
        Decision.Allowed allowed = (Decision.Allowed) decision;
        allowed.headers().forEach(response::setHeader);
        Authenticated authenticated = new Authenticated(
                ApiKeyPrincipal.of(allowed.key().orElseThrow()), settings.hideKey() ? allowed.hide() : KeySources.NONE);
        request.setAttribute(Authenticated.ATTRIBUTE, authenticated);
        serveAuthenticated(request, response, chain, authenticated);
    }

    /** Runs the chain with the principal and the key's id in the MDC, restoring the MDC afterwards. */
    private static void serveAuthenticated(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain, Authenticated authenticated)
            throws IOException, ServletException {
        String previousMdc = MDC.get(ApiKeyFilter.MDC_KEY);
        MDC.put(ApiKeyFilter.MDC_KEY, authenticated.principal().id());
        try {
            chain.doFilter(
                    new AuthenticatedRequest(
                            request,
                            authenticated.principal(),
                            authenticated.hidden().headers(),
                            authenticated.hidden().queryParameter()),
                    response);
        } finally {
            if (previousMdc == null) {
                MDC.remove(ApiKeyFilter.MDC_KEY);
            } else {
                MDC.put(ApiKeyFilter.MDC_KEY, previousMdc);
            }
        }
    }

    /** Answers with {@code refusal}: its status and headers, then the body the responder writes. */
    static void refuse(
            HttpServletRequest request, HttpServletResponse response, Refusal refusal, ErrorResponder responder)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(refusal.status());
        for (Map.Entry<String, String> header : refusal.headers().entrySet()) {
            response.setHeader(header.getKey(), header.getValue());
        }
        try {
            responder.respond(request, response, AuthFailure.of(refusal));
        } catch (RuntimeException e) {
            LOG.error(
                    "error responder {} failed while refusing a request with {}: {}",
                    responder,
                    refusal.status(),
                    e.toString());
        }
    }
}
