package dev.apikey.servlet;

import dev.apikey.RequireApiKey;
import dev.apikey.ScopeMatch;
import dev.apikey.VerificationContext;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides what a request's endpoint requires. Order: the target servlet's method-level annotations, then its
 * class-level ones (walking up the class hierarchy), then the most specific path rule, then the default
 * policy. Within one level {@code @DenyAll} beats {@code @PermitAll}, which beats {@code @RequireApiKey} /
 * {@code @RolesAllowed}. Answers from annotations are cached per servlet and handler method.
 */
final class EndpointPolicyResolver {

    private static final Map<String, String> HANDLERS = Map.of(
            "GET", "doGet", "HEAD", "doHead", "POST", "doPost", "PUT", "doPut", "DELETE", "doDelete",
            "OPTIONS", "doOptions", "TRACE", "doTrace", "PATCH", "doPatch");
    private static final String HTTP_SERVLET = "jakarta.servlet.http.HttpServlet";

    private final ServletContext context;
    private final List<PathRule> pathRules;
    private final EndpointPolicy defaultPolicy;
    private final Map<String, Optional<EndpointPolicy>> annotationCache = new ConcurrentHashMap<>();

    EndpointPolicyResolver(ServletContext context, List<PathRule> pathRules, boolean requireByDefault) {
        this.context = context;
        this.pathRules = List.copyOf(pathRules);
        this.defaultPolicy = requireByDefault
                ? EndpointPolicy.require(Set.of(), ScopeMatch.ALL, "default policy: requireByDefault(true)")
                : EndpointPolicy.permit("default policy: requireByDefault(false)");
    }

    EndpointPolicy resolve(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        String servletName = mapping == null ? null : mapping.getServletName();
        if (servletName != null) {
            String handler = HANDLERS.getOrDefault(request.getMethod().toUpperCase(Locale.ROOT), "service");
            Optional<EndpointPolicy> annotated = annotationCache.computeIfAbsent(servletName + '\u0000' + handler,
                    key -> annotated(servletName, handler));
            if (annotated.isPresent()) {
                return annotated.get();
            }
        }
        return byPath(pathOf(request));
    }

    /** The policy of a path from the rules and the default, ignoring annotations. */
    EndpointPolicy byPath(String path) {
        PathRule best = null;
        int bestSpecificity = -1;
        for (PathRule rule : pathRules) {
            int specificity = rule.specificity(path);
            if (specificity > bestSpecificity) {
                best = rule;
                bestSpecificity = specificity;
            }
        }
        return best == null ? defaultPolicy : best.policy();
    }

    static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }

    /** One line per servlet: what each of its handlers requires. Also validates every annotation. */
    List<String> describeServlets() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, ? extends ServletRegistration> entry : context.getServletRegistrations().entrySet()) {
            ServletRegistration registration = entry.getValue();
            Optional<Class<?>> servletClass = loadServletClass(registration.getClassName());
            List<String> parts = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            if (servletClass.isPresent()) {
                for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
                    String handler = HANDLERS.get(method);
                    if (findHandler(servletClass.get(), handler).isPresent()) {
                        Optional<EndpointPolicy> policy = annotated(entry.getKey(), handler);
                        String requirement = policy.map(EndpointPolicy::describe).orElse("path rules / default policy");
                        parts.add(method + " requires " + requirement);
                        seen.add(method);
                    }
                }
                Optional<EndpointPolicy> classLevel = classPolicy(servletClass.get());
                if (parts.isEmpty() || classLevel.isPresent()) {
                    parts.add((seen.isEmpty() ? "all methods" : "other methods") + " require "
                            + classLevel.map(EndpointPolicy::describe).orElse("path rules / default policy ("
                            + defaultPolicy.describe() + ")"));
                }
            } else {
                parts.add("class not visible; path rules / default policy apply");
            }
            lines.add("servlet '" + entry.getKey() + "' (" + registration.getClassName() + ", mapped to "
                    + registration.getMappings() + "): " + String.join("; ", parts));
        }
        return lines;
    }

    private Optional<EndpointPolicy> annotated(String servletName, String handler) {
        ServletRegistration registration = context.getServletRegistration(servletName);
        if (registration == null) {
            return Optional.empty();
        }
        Optional<Class<?>> servletClass = loadServletClass(registration.getClassName());
        if (servletClass.isEmpty()) {
            return Optional.empty();
        }
        Optional<Method> method = findHandler(servletClass.get(), handler);
        if (method.isEmpty() && handler.equals("doHead")) {
            method = findHandler(servletClass.get(), "doGet");
        }
        if (method.isPresent()) {
            Optional<EndpointPolicy> methodLevel = policyOf(method.get(),
                    servletClass.get().getSimpleName() + "." + method.get().getName());
            if (methodLevel.isPresent()) {
                return methodLevel;
            }
        }
        return classPolicy(servletClass.get());
    }

    private Optional<EndpointPolicy> classPolicy(Class<?> servletClass) {
        for (Class<?> type = servletClass; type != null && type != Object.class; type = type.getSuperclass()) {
            Optional<EndpointPolicy> policy = policyOf(type, type.getSimpleName());
            if (policy.isPresent()) {
                return policy;
            }
        }
        return Optional.empty();
    }

    /** The policy the annotations directly on {@code element} express, if any. */
    private static Optional<EndpointPolicy> policyOf(AnnotatedElement element, String where) {
        if (element.isAnnotationPresent(DenyAll.class)) {
            return Optional.of(EndpointPolicy.deny("@DenyAll on " + where));
        }
        if (element.isAnnotationPresent(PermitAll.class)) {
            return Optional.of(EndpointPolicy.permit("@PermitAll on " + where));
        }
        RequireApiKey requireApiKey = element instanceof Class<?> type
                ? type.getDeclaredAnnotation(RequireApiKey.class) : element.getAnnotation(RequireApiKey.class);
        if (requireApiKey != null) {
            return Optional.of(checked(EndpointPolicy.require(new LinkedHashSet<>(Arrays.asList(requireApiKey.scopes())),
                    requireApiKey.match(), "@RequireApiKey on " + where)));
        }
        RolesAllowed rolesAllowed = element.getAnnotation(RolesAllowed.class);
        if (rolesAllowed != null) {
            return Optional.of(checked(EndpointPolicy.require(new LinkedHashSet<>(Arrays.asList(rolesAllowed.value())),
                    ScopeMatch.ANY, "@RolesAllowed on " + where)));
        }
        return Optional.empty();
    }

    /** Refuses scopes the validator would refuse, naming the annotation. */
    private static EndpointPolicy checked(EndpointPolicy policy) {
        try {
            VerificationContext.builder().requiredScopes(policy.match(), policy.scopes()).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(policy.source() + " is invalid: " + e.getMessage());
        }
        return policy;
    }

    /** The most specific declaration of {@code name(HttpServletRequest, HttpServletResponse)} below HttpServlet. */
    private static Optional<Method> findHandler(Class<?> servletClass, String name) {
        for (Class<?> type = servletClass; type != null && !type.getName().equals(HTTP_SERVLET) && type != Object.class;
                type = type.getSuperclass()) {
            try {
                return Optional.of(type.getDeclaredMethod(name, HttpServletRequest.class, HttpServletResponse.class));
            } catch (NoSuchMethodException e) {
                // not declared here: look in the superclass
            }
        }
        return Optional.empty();
    }

    private Optional<Class<?>> loadServletClass(String className) {
        if (className == null) {
            return Optional.empty();
        }
        try {
            ClassLoader loader = context.getClassLoader();
            return Optional.of(Class.forName(className, false, loader != null ? loader : getClass().getClassLoader()));
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return Optional.empty();
        }
    }
}
