package dev.apikey.spring;

import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.EndpointAnnotations;
import dev.apikey.http.EndpointRequirement;
import dev.apikey.http.HttpRequestView;
import dev.apikey.http.PathRules;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.web.method.HandlerMethod;

/**
 * What a request to a Spring handler (MVC or WebFlux) requires: a controller method's own and its class's
 * annotations (apikey's, or Spring Security's method annotations, which need a key), read once per handler; else the
 * path rules and the default. A CORS preflight to any other handler (Spring answers preflights itself, never by a
 * controller method) needs no key when so configured: browsers send none.
 */
final class HandlerRequirements {

    private final PathRules pathRules;
    private final boolean corsPreflightWithoutKey;
    private final Map<Handler, Optional<EndpointRequirement>> annotations = new ConcurrentHashMap<>();

    /** A handler method as a controller class serves it: one method inherited by two controllers is two handlers. */
    private record Handler(Method method, Class<?> controller) {}

    HandlerRequirements(PathRules pathRules, boolean corsPreflightWithoutKey) {
        this.pathRules = pathRules;
        this.corsPreflightWithoutKey = corsPreflightWithoutKey;
    }

    /**
     * The requirement of {@code request} to {@code handler} ({@code null}: none known).
     *
     * @throws RuntimeException if it cannot be told (the request must then be refused)
     */
    EndpointRequirement of(@Nullable Object handler, HttpRequestView request, String path) {
        EndpointRequirement requirement = pathRules.resolve(annotationsOf(handler), path);
        if (requirement.access() == EndpointRequirement.Access.REQUIRE
                && corsPreflightWithoutKey
                && !(handler instanceof HandlerMethod)
                && ApiKeyAuthenticator.isCorsPreflight(request)) {
            return EndpointRequirement.permit("CORS preflight");
        }
        return requirement;
    }

    /** What {@code handler}'s own annotations require, if they say. */
    Optional<EndpointRequirement> annotationsOf(@Nullable Object handler) {
        if (handler instanceof HandlerMethod method) {
            return annotations.computeIfAbsent(
                    new Handler(method.getMethod(), method.getBeanType()),
                    h -> EndpointAnnotations.forHandler(h.method(), h.controller())
                            .or(() -> MethodSecurityAnnotations.requirement(h.method(), h.controller())));
        }
        return Optional.empty();
    }

    /** What a request to {@code path} requires by the path rules and the default alone. */
    EndpointRequirement byPath(String path) {
        return pathRules.resolve(Optional.empty(), path);
    }
}
