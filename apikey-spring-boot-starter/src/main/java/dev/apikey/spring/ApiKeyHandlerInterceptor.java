package dev.apikey.spring;

import dev.apikey.SafeText;
import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.Decision;
import dev.apikey.http.EndpointAnnotations;
import dev.apikey.http.EndpointRequirement;
import dev.apikey.http.PathRules;
import dev.apikey.http.Refusal;
import dev.apikey.servlet.ApiKeyFilter;
import dev.apikey.servlet.ApiKeyPrincipal;
import dev.apikey.servlet.ApiKeyRequest;
import dev.apikey.servlet.ErrorResponder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.AsyncHandlerInterceptor;

/**
 * Decides each request to a Spring MVC handler with the HTTP layer: a handler method by its own and its
 * controller's annotations (read once per handler), any other handler (static resources, CORS preflights) by the
 * path rules. A request it lets through with a key answers its {@link ApiKeyPrincipal} and has the key's id in the
 * logging MDC while the handler runs; a later dispatch of the request (async, forward) keeps the key verified on the
 * first, without verifying (and charging) it again.
 */
final class ApiKeyHandlerInterceptor implements AsyncHandlerInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyHandlerInterceptor.class);

    private final ApiKeyAuthenticator authenticator;
    private final PathRules pathRules;
    private final ErrorResponder errorResponder;
    private final boolean corsPreflightWithoutKey;
    private final boolean hideKey;
    private final Map<Handler, Optional<EndpointRequirement>> annotations = new ConcurrentHashMap<>();
    private final AtomicBoolean warnedUnwrapped = new AtomicBoolean();

    /** A handler method as a controller class serves it: one method inherited by two controllers is two handlers. */
    private record Handler(Method method, Class<?> controller) {}

    ApiKeyHandlerInterceptor(
            ApiKeyAuthenticator authenticator,
            PathRules pathRules,
            ErrorResponder errorResponder,
            boolean corsPreflightWithoutKey,
            boolean hideKey) {
        this.authenticator = authenticator;
        this.pathRules = pathRules;
        this.errorResponder = errorResponder;
        this.corsPreflightWithoutKey = corsPreflightWithoutKey;
        this.hideKey = hideKey;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            return true; // the error page of a request decided on its way in
        }
        ApiKeyRequest apiKeyRequest = ApiKeyRequest.find(request).orElseGet(() -> unwrapped(request));
        String path = ApiKeyRequest.path(request);
        EndpointRequirement requirement;
        try {
            requirement = pathRules.resolve(annotationsOf(handler), path);
        } catch (RuntimeException e) {
            LOG.error("apikey cannot tell what {} requires, refusing it: {}", SafeText.of(path), e.getMessage());
            apiKeyRequest.refuse(response, authenticator.forbidden(), errorResponder);
            return false;
        }
        Decision decision = decide(apiKeyRequest, handler, requirement);
        if (decision instanceof Decision.Refused refused) {
            apiKeyRequest.refuse(response, refused.refusal(), errorResponder);
            return false;
        }
        Decision.Allowed allowed = (Decision.Allowed) decision;
        allowed.headers().forEach(response::setHeader);
        apiKeyRequest.allow(allowed);
        apiKeyRequest.principal().ifPresent(principal -> MDC.put(ApiKeyFilter.MDC_KEY, principal.id()));
        return true;
    }

    private Decision decide(ApiKeyRequest request, Object handler, EndpointRequirement requirement) {
        Optional<ApiKeyPrincipal> earlier = request.principal();
        return switch (requirement.access()) {
            case DENY -> new Decision.Refused(authenticator.forbidden());
            case PERMIT -> authenticator.decide(request.view(), requirement);
            case REQUIRE -> {
                if (request.getAttribute(ChainVerification.REFUSAL) instanceof Refusal chainRefusal) {
                    yield new Decision.Refused(chainRefusal); // the chain verified the key and refused it
                }
                if (earlier.isPresent()) {
                    yield alreadyVerified(request, earlier.get(), requirement);
                }
                if (corsPreflightWithoutKey
                        && !(handler instanceof HandlerMethod)
                        && ApiKeyAuthenticator.isCorsPreflight(request.view())) {
                    // Spring answers a preflight itself (a HandlerMethod never serves one): browsers send no key.
                    yield authenticator.decide(request.view(), EndpointRequirement.permit("CORS preflight"));
                }
                yield authenticator.decide(request.view(), requirement);
            }
        };
    }

    /**
     * A key verified before this dispatch: on an earlier dispatch (async, forward), or by a Spring Security chain as
     * one request — then the rest of the handler's cost is charged now, once.
     */
    private Decision alreadyVerified(
            ApiKeyRequest request, ApiKeyPrincipal principal, EndpointRequirement requirement) {
        if (!principal.holds(requirement.scopes(), requirement.match())) {
            return new Decision.Refused(authenticator.insufficientScope(requirement));
        }
        if (requirement.cost() > 1 && request.getAttribute(ChainVerification.CHARGED_ONE) != null) {
            request.removeAttribute(ChainVerification.CHARGED_ONE);
            return authenticator.decide(
                    request.view(),
                    EndpointRequirement.require(
                            requirement.scopes(), requirement.match(), requirement.source(), requirement.cost() - 1));
        }
        return authenticator.decide(request.view(), EndpointRequirement.permit(requirement.source()));
    }

    @Override
    public void afterConcurrentHandlingStarted(
            HttpServletRequest request, HttpServletResponse response, Object handler) {
        MDC.remove(ApiKeyFilter.MDC_KEY); // the request continues on another thread
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, @Nullable Exception ex) {
        MDC.remove(ApiKeyFilter.MDC_KEY);
    }

    private Optional<EndpointRequirement> annotationsOf(Object handler) {
        if (handler instanceof HandlerMethod method) {
            return annotations.computeIfAbsent(
                    new Handler(method.getMethod(), method.getBeanType()),
                    h -> EndpointAnnotations.forHandler(h.method(), h.controller())
                            .or(() -> MethodSecurityAnnotations.requirement(h.method(), h.controller())));
        }
        return Optional.empty();
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
