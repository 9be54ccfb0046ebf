package dev.apikey.servlet;

import dev.apikey.RequireApiKey;
import dev.apikey.ScopeMatch;
import dev.apikey.VerificationContext;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a request's endpoint requires. For the target servlet and the handler of the HTTP method:
 * the first annotated declaration of the handler walking up the overridden methods ({@code doGet}, …;
 * {@code HEAD} falls back to {@code doGet}), else the first annotated {@code service} override, else the
 * class (nearest in the hierarchy, then its interfaces), else the most specific path rule, else the default
 * policy. On one element {@code @DenyAll} beats {@code @PermitAll}, which beats {@code @RequireApiKey} /
 * {@code @RolesAllowed}; both of the last two on one element is refused. Answers are computed once per
 * servlet and validated at start-up.
 */
final class EndpointPolicyResolver {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyFilter.class);
    static final Map<String, String> HANDLERS = Map.of(
            "GET", "doGet", "HEAD", "doHead", "POST", "doPost", "PUT", "doPut", "DELETE", "doDelete",
            "OPTIONS", "doOptions", "TRACE", "doTrace", "PATCH", "doPatch");
    private static final String SERVICE = "service";
    private static final Set<String> CONTAINER_BASES = Set.of("jakarta.servlet.http.HttpServlet",
            "jakarta.servlet.GenericServlet", "java.lang.Object");

    /** What one servlet's annotations say, per handler method name ({@code service} for other methods). */
    record ServletPolicies(Map<String, Optional<EndpointPolicy>> byHandler, boolean customOptionsHandling) {
        Optional<EndpointPolicy> forMethod(String httpMethod) {
            String handler = HANDLERS.getOrDefault(httpMethod.toUpperCase(Locale.ROOT), SERVICE);
            return byHandler.getOrDefault(handler, byHandler.get(SERVICE));
        }
    }

    private static final ServletPolicies NONE = new ServletPolicies(Map.of(SERVICE, Optional.empty()), false);

    private final ServletContext context;
    private final List<PathRule> pathRules;
    private final EndpointPolicy defaultPolicy;
    private final Map<String, ServletPolicies> byServlet = new ConcurrentHashMap<>();

    EndpointPolicyResolver(ServletContext context, List<PathRule> pathRules, boolean requireByDefault) {
        this.context = context;
        this.pathRules = List.copyOf(pathRules);
        this.defaultPolicy = requireByDefault
                ? EndpointPolicy.require(Set.of(), ScopeMatch.ALL, "default policy: requireByDefault(true)")
                : EndpointPolicy.permit("default policy: requireByDefault(false)");
    }

    /** The policy for a request to servlet {@code servletName} (may be null) at {@code path} with {@code method}. */
    EndpointPolicy resolve(String servletName, String method, String path) {
        if (servletName != null) {
            Optional<EndpointPolicy> annotated = policiesOf(servletName).forMethod(method);
            if (annotated.isPresent()) {
                return annotated.get();
            }
        }
        return byPath(path);
    }

    /** Whether the servlet answers OPTIONS itself (so a CORS preflight to it must follow its policy). */
    boolean handlesOptionsItself(String servletName) {
        return servletName != null && policiesOf(servletName).customOptionsHandling();
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

    /** The request's path inside the context: servlet path plus path info, as normalised by the container. */
    static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }

    private ServletPolicies policiesOf(String servletName) {
        ServletPolicies cached = byServlet.get(servletName);
        if (cached != null) {
            return cached;
        }
        ServletRegistration registration = context.getServletRegistration(servletName);
        ServletPolicies computed = registration == null ? NONE
                : analyse(loadServletClass(servletName, registration.getClassName()));
        byServlet.put(servletName, computed);
        return computed;
    }

    /**
     * One line per servlet saying what each handler requires; computes (and so validates) every servlet's
     * annotations.
     *
     * @throws IllegalStateException naming an invalid annotation
     */
    List<String> describeServlets() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, ? extends ServletRegistration> entry : context.getServletRegistrations().entrySet()) {
            String name = entry.getKey();
            ServletRegistration registration = entry.getValue();
            ServletPolicies policies = policiesOf(name);
            List<String> parts = new ArrayList<>();
            Optional<EndpointPolicy> others = policies.byHandler().get(SERVICE);
            for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")) {
                Optional<EndpointPolicy> policy = policies.forMethod(method);
                if (!policy.equals(others)) {
                    parts.add(method + " " + predicate(policy, false));
                }
            }
            parts.add(parts.isEmpty() ? "every method " + predicate(others, false) : "other methods " + predicate(others, true));
            lines.add("servlet '" + name + "' (" + registration.getClassName() + ", mapped to " + registration.getMappings()
                    + "): " + String.join("; ", parts));
        }
        return lines;
    }

    /**
     * What a method needs: its annotation's policy, else (none) what the path rules and the default say; without path
     * rules, plainly the default.
     */
    private String predicate(Optional<EndpointPolicy> annotated, boolean plural) {
        if (annotated.isPresent()) {
            return annotated.get().predicate(plural);
        }
        if (pathRules.isEmpty()) {
            return defaultPolicy.predicate(plural);
        }
        return (plural ? "follow" : "follows") + " the path rules, else the default: " + defaultPolicy.requirement();
    }

    private static ServletPolicies analyse(Class<?> servletClass) {
        Optional<EndpointPolicy> service = firstAnnotated(declarations(servletClass, SERVICE, HttpServletRequest.class,
                HttpServletResponse.class), declarations(servletClass, SERVICE, ServletRequest.class, ServletResponse.class));
        Optional<EndpointPolicy> classLevel = classPolicy(servletClass);
        Optional<EndpointPolicy> fallback = service.isPresent() ? service : classLevel;
        Map<String, Optional<EndpointPolicy>> byHandler = new LinkedHashMap<>();
        byHandler.put(SERVICE, fallback);
        for (String handler : new LinkedHashSet<>(HANDLERS.values())) {
            List<Method> declared = declarations(servletClass, handler, HttpServletRequest.class, HttpServletResponse.class);
            if (declared.isEmpty() && handler.equals("doHead")) {
                declared = declarations(servletClass, "doGet", HttpServletRequest.class, HttpServletResponse.class);
            }
            Optional<EndpointPolicy> own = firstAnnotated(declared, List.of());
            byHandler.put(handler, own.isPresent() ? own : fallback);
        }
        boolean customOptions = !isHttpServlet(servletClass)
                || !declarations(servletClass, "doOptions", HttpServletRequest.class, HttpServletResponse.class).isEmpty()
                || !declarations(servletClass, SERVICE, HttpServletRequest.class, HttpServletResponse.class).isEmpty()
                || !declarations(servletClass, SERVICE, ServletRequest.class, ServletResponse.class).isEmpty();
        return new ServletPolicies(Map.copyOf(byHandler), customOptions);
    }

    private static boolean isHttpServlet(Class<?> type) {
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            if (current.getName().equals("jakarta.servlet.http.HttpServlet")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<EndpointPolicy> firstAnnotated(List<Method> first, List<Method> second) {
        for (List<Method> methods : List.of(first, second)) {
            for (Method method : methods) {
                Optional<EndpointPolicy> policy = policyOf(method, method.getDeclaringClass().getSimpleName() + "." + method.getName());
                if (policy.isPresent()) {
                    return policy;
                }
            }
        }
        return Optional.empty();
    }

    /** The class's own annotations, walking up superclasses, then every implemented interface (breadth first). */
    private static Optional<EndpointPolicy> classPolicy(Class<?> servletClass) {
        for (Class<?> type = servletClass; type != null && !CONTAINER_BASES.contains(type.getName()); type = type.getSuperclass()) {
            Optional<EndpointPolicy> policy = policyOf(type, type.getSimpleName());
            if (policy.isPresent()) {
                return policy;
            }
        }
        Deque<Class<?>> interfaces = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        for (Class<?> type = servletClass; type != null; type = type.getSuperclass()) {
            interfaces.addAll(Arrays.asList(type.getInterfaces()));
        }
        while (!interfaces.isEmpty()) {
            Class<?> type = interfaces.removeFirst();
            if (!seen.add(type)) {
                continue;
            }
            Optional<EndpointPolicy> policy = policyOf(type, type.getSimpleName());
            if (policy.isPresent()) {
                return policy;
            }
            interfaces.addAll(Arrays.asList(type.getInterfaces()));
        }
        return Optional.empty();
    }

    /** Declarations of {@code name(parameters)} from the class up, stopping below the container's base classes. */
    private static List<Method> declarations(Class<?> servletClass, String name, Class<?>... parameters) {
        List<Method> found = new ArrayList<>();
        for (Class<?> type = servletClass; type != null && !CONTAINER_BASES.contains(type.getName()); type = type.getSuperclass()) {
            try {
                found.add(type.getDeclaredMethod(name, parameters));
            } catch (NoSuchMethodException e) {
                // not declared here
            }
        }
        return found;
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
        RolesAllowed rolesAllowed = element instanceof Class<?> type
                ? type.getDeclaredAnnotation(RolesAllowed.class) : element.getAnnotation(RolesAllowed.class);
        if (requireApiKey != null && rolesAllowed != null) {
            throw new IllegalStateException(where + " carries both @RequireApiKey and @RolesAllowed: keep one"
                    + " (@RequireApiKey(scopes = {...}, match = ScopeMatch.ANY) says the same as @RolesAllowed)");
        }
        if (requireApiKey != null) {
            return Optional.of(checked(EndpointPolicy.require(new LinkedHashSet<>(Arrays.asList(requireApiKey.scopes())),
                    requireApiKey.match(), "@RequireApiKey on " + where, requireApiKey.cost())));
        }
        if (rolesAllowed != null) {
            if (rolesAllowed.value().length == 0) {
                return Optional.of(EndpointPolicy.deny("@RolesAllowed({}) on " + where));
            }
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

    /**
     * The servlet's class, from the web application's class loader, else the filter's own (an embedded container
     * whose web application loader cannot see the application's classes, e.g. Tomcat under {@code exec:java}).
     *
     * @throws IllegalStateException if neither can load it: the filter cannot read the servlet's annotations and
     *     does not guess (guessing "open" would serve a {@code @RequireApiKey} servlet without a key)
     */
    private Class<?> loadServletClass(String servletName, String className) {
        if (className == null) {
            throw new IllegalStateException("servlet '" + servletName + "' has no class name, so ApiKeyFilter cannot read"
                    + " its annotations and will not guess what it requires: register it with its class or an instance");
        }
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        if (context.getClassLoader() != null) {
            loaders.add(context.getClassLoader());
        }
        loaders.add(EndpointPolicyResolver.class.getClassLoader());
        Throwable failure = null;
        for (ClassLoader loader : loaders) {
            try {
                return Class.forName(className, false, loader);
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                failure = e;
            }
        }
        throw new IllegalStateException("servlet '" + servletName + "' (" + className + ") cannot be loaded by the web"
                + " application's class loader nor by ApiKeyFilter's (" + failure + "), so its annotations cannot be"
                + " read and ApiKeyFilter will not guess what it requires: make the class visible to the web"
                + " application's class loader (or put apikey-servlet beside it)");
    }
}
