package dev.apikey.servlet;

import dev.apikey.http.EndpointAnnotations;
import dev.apikey.http.EndpointRequirement;
import dev.apikey.http.PathRules;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Decides what a request's endpoint requires, finding the servlet's handler for the HTTP layer to read: the first
 * annotated declaration of the handler walking up the overridden methods ({@code doGet}, …; {@code HEAD} falls back
 * to {@code doGet}), else the first annotated {@code service} override, else the class (nearest in the hierarchy,
 * then its interfaces), else the path rules and the default ({@link PathRules}). What one element's annotations say,
 * and their precedence, is {@link EndpointAnnotations}'s. Answers are computed once per servlet and validated at
 * start-up.
 */
final class EndpointPolicyResolver {

    static final Map<String, String> HANDLERS = Map.of(
            "GET",
            "doGet",
            "HEAD",
            "doHead",
            "POST",
            "doPost",
            "PUT",
            "doPut",
            "DELETE",
            "doDelete",
            "OPTIONS",
            "doOptions",
            "TRACE",
            "doTrace",
            "PATCH",
            "doPatch");
    private static final String SERVICE = "service";
    /** Classes whose methods are the container's, not the application's: a handler declared there is none. */
    private static final Set<String> CONTAINER_BASES =
            Set.of("jakarta.servlet.http.HttpServlet", "jakarta.servlet.GenericServlet", "java.lang.Object");

    /** What one servlet's annotations say, per handler method name ({@code service} for other methods). */
    record ServletPolicies(Map<String, Optional<EndpointRequirement>> byHandler, boolean customOptionsHandling) {
        Optional<EndpointRequirement> forMethod(String httpMethod) {
            String handler = HANDLERS.getOrDefault(httpMethod.toUpperCase(Locale.ROOT), SERVICE);
            return byHandler.getOrDefault(handler, byHandler.getOrDefault(SERVICE, Optional.empty()));
        }
    }

    private static final ServletPolicies NONE = new ServletPolicies(Map.of(SERVICE, Optional.empty()), false);

    private final ServletContext context;
    private final PathRules pathRules;
    private final Map<String, ServletPolicies> byServlet = new ConcurrentHashMap<>();

    EndpointPolicyResolver(ServletContext context, PathRules pathRules) {
        this.context = context;
        this.pathRules = pathRules;
    }

    /** The requirement for a request to servlet {@code servletName} (may be null) at {@code path} with {@code method}. */
    EndpointRequirement resolve(@Nullable String servletName, String method, String path) {
        Optional<EndpointRequirement> annotated =
                servletName == null ? Optional.empty() : policiesOf(servletName).forMethod(method);
        return pathRules.resolve(annotated, path);
    }

    /** Whether the servlet answers OPTIONS itself (so a CORS preflight to it must follow its policy). */
    boolean handlesOptionsItself(@Nullable String servletName) {
        return servletName != null && policiesOf(servletName).customOptionsHandling();
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
        ServletPolicies computed =
                registration == null ? NONE : analyse(loadServletClass(servletName, registration.getClassName()));
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
        for (Map.Entry<String, ? extends ServletRegistration> entry :
                context.getServletRegistrations().entrySet()) {
            String name = entry.getKey();
            ServletRegistration registration = entry.getValue();
            ServletPolicies policies = policiesOf(name);
            List<String> parts = new ArrayList<>();
            Optional<EndpointRequirement> others = policies.byHandler().getOrDefault(SERVICE, Optional.empty());
            for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")) {
                Optional<EndpointRequirement> policy = policies.forMethod(method);
                if (!policy.equals(others)) {
                    parts.add(method + " " + predicate(policy, false));
                }
            }
            parts.add(
                    parts.isEmpty()
                            ? "every method " + predicate(others, false)
                            : "other methods " + predicate(others, true));
            lines.add("servlet '" + name + "' (" + registration.getClassName() + ", mapped to "
                    + registration.getMappings() + "): " + String.join("; ", parts));
        }
        return lines;
    }

    /**
     * What a method needs: its annotation's policy, else (none) what the path rules and the default say; without path
     * rules, plainly the default.
     */
    private String predicate(Optional<EndpointRequirement> annotated, boolean plural) {
        if (annotated.isPresent()) {
            return annotated.get().predicate(plural);
        }
        if (pathRules.isEmpty()) {
            return pathRules.defaultRequirement().predicate(plural);
        }
        return (plural ? "follow" : "follows") + " the path rules, else the default: "
                + pathRules.defaultRequirement().requirement();
    }

    private static ServletPolicies analyse(Class<?> servletClass) {
        Optional<EndpointRequirement> service = firstAnnotated(
                declarations(servletClass, SERVICE, HttpServletRequest.class, HttpServletResponse.class),
                declarations(servletClass, SERVICE, ServletRequest.class, ServletResponse.class));
        Optional<EndpointRequirement> classLevel = EndpointAnnotations.onClass(servletClass);
        Optional<EndpointRequirement> fallback = service.isPresent() ? service : classLevel;
        Map<String, Optional<EndpointRequirement>> byHandler = new LinkedHashMap<>();
        byHandler.put(SERVICE, fallback);
        for (String handler : new LinkedHashSet<>(HANDLERS.values())) {
            List<Method> declared =
                    declarations(servletClass, handler, HttpServletRequest.class, HttpServletResponse.class);
            if (declared.isEmpty() && handler.equals("doHead")) {
                declared = declarations(servletClass, "doGet", HttpServletRequest.class, HttpServletResponse.class);
            }
            Optional<EndpointRequirement> own = firstAnnotated(declared, List.of());
            byHandler.put(handler, own.isPresent() ? own : fallback);
        }
        boolean customOptions = !isHttpServlet(servletClass)
                || !declarations(servletClass, "doOptions", HttpServletRequest.class, HttpServletResponse.class)
                        .isEmpty()
                || !declarations(servletClass, SERVICE, HttpServletRequest.class, HttpServletResponse.class)
                        .isEmpty()
                || !declarations(servletClass, SERVICE, ServletRequest.class, ServletResponse.class)
                        .isEmpty();
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

    private static Optional<EndpointRequirement> firstAnnotated(List<Method> first, List<Method> second) {
        for (List<Method> methods : List.of(first, second)) {
            for (Method method : methods) {
                Optional<EndpointRequirement> policy = EndpointAnnotations.declaredOn(
                        method, method.getDeclaringClass().getSimpleName() + "." + method.getName());
                if (policy.isPresent()) {
                    return policy;
                }
            }
        }
        return Optional.empty();
    }

    /** Declarations of {@code name(parameters)} from the class up, stopping below the container's base classes. */
    private static List<Method> declarations(Class<?> servletClass, String name, Class<?>... parameters) {
        List<Method> found = new ArrayList<>();
        for (Class<?> type = servletClass;
                type != null && !CONTAINER_BASES.contains(type.getName());
                type = type.getSuperclass()) {
            try {
                found.add(type.getDeclaredMethod(name, parameters));
            } catch (NoSuchMethodException e) {
                // not declared here
            }
        }
        return found;
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
            throw new IllegalStateException(
                    "servlet '" + servletName + "' has no class name, so ApiKeyFilter cannot read"
                            + " its annotations and will not guess what it requires: register it with its class or an instance");
        }
        Throwable failure = null;
        for (ClassLoader loader : classLoaders()) {
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

    /** A class the web application (or, failing that, the filter) can load, without initialising it; empty if none can. */
    Optional<Class<?>> tryLoad(String className) {
        if (className == null) {
            return Optional.empty();
        }
        for (ClassLoader loader : classLoaders()) {
            try {
                return Optional.of(Class.forName(className, false, loader));
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                // try the next loader
            }
        }
        return Optional.empty();
    }

    /** The web application's class loader, then the filter's own. */
    private Set<ClassLoader> classLoaders() {
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        if (context.getClassLoader() != null) {
            loaders.add(context.getClassLoader());
        }
        loaders.add(EndpointPolicyResolver.class.getClassLoader());
        return loaders;
    }

    /** The path rules and the default. */
    PathRules pathRules() {
        return pathRules;
    }

    /** The servlet context whose servlets this resolves for. */
    ServletContext context() {
        return context;
    }
}
