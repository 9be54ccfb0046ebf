package dev.apikey.spring;

import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.Decision;
import dev.apikey.http.EndpointAnnotations;
import dev.apikey.http.EndpointRequirement;
import dev.apikey.http.PathRules;
import dev.apikey.http.ProblemJson;
import dev.apikey.http.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Decides each request to a Spring MVC handler method with the HTTP layer, from the method's and its controller's
 * annotations (resolved once per handler). First step: the key is not yet hidden from the handler, and handlers that
 * are not methods (static resources) follow the path rules.
 */
public final class ApiKeyHandlerInterceptor implements HandlerInterceptor {

    private final ApiKeyAuthenticator authenticator;
    private final PathRules pathRules;
    private final Map<Handler, Optional<EndpointRequirement>> annotations = new ConcurrentHashMap<>();

    /** A handler method as a controller class serves it: one method inherited by two controllers is two handlers. */
    private record Handler(Method method, Class<?> controller) {}

    ApiKeyHandlerInterceptor(ApiKeyAuthenticator authenticator, PathRules pathRules) {
        this.authenticator = authenticator;
        this.pathRules = pathRules;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        Optional<EndpointRequirement> annotated = handler instanceof HandlerMethod method
                ? annotations.computeIfAbsent(
                        new Handler(method.getMethod(), method.getBeanType()),
                        h -> EndpointAnnotations.forHandler(h.method(), h.controller()))
                : Optional.empty();
        MvcRequestView view = new MvcRequestView(request);
        EndpointRequirement requirement = pathRules.resolve(annotated, view.path());
        Decision decision = switch (requirement.access()) {
            case DENY -> new Decision.Refused(authenticator.forbidden());
            case PERMIT, REQUIRE -> authenticator.decide(view, requirement);
        };
        if (decision instanceof Decision.Refused refused) {
            refuse(response, refused.refusal());
            return false;
        }
        ((Decision.Allowed) decision).headers().forEach(response::setHeader);
        return true;
    }

    private static void refuse(HttpServletResponse response, Refusal refusal) throws IOException {
        byte[] body = ProblemJson.render(refusal, null).getBytes(StandardCharsets.UTF_8);
        response.setStatus(refusal.status());
        refusal.headers().forEach(response::setHeader);
        response.setContentType(ProblemJson.CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
