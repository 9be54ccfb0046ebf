package dev.apikey.http;

import dev.apikey.RequireApiKey;
import dev.apikey.ScopeMatch;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads what an endpoint requires from its annotations: {@link RequireApiKey @RequireApiKey} and the Jakarta
 * security annotations {@code @DenyAll}, {@code @PermitAll} and {@code @RolesAllowed} (matched by name, so no
 * dependency on them is needed here). On one element {@code @DenyAll} beats {@code @PermitAll}, which beats
 * {@code @RequireApiKey} / {@code @RolesAllowed}; both of the last two on one element is refused. A handler's own
 * annotations beat its class's.
 */
public final class EndpointAnnotations {

    private static final String REQUIRE_API_KEY = RequireApiKey.class.getName();
    private static final String DENY_ALL = "jakarta.annotation.security.DenyAll";
    private static final String PERMIT_ALL = "jakarta.annotation.security.PermitAll";
    private static final String ROLES_ALLOWED = "jakarta.annotation.security.RolesAllowed";

    private EndpointAnnotations() {}

    /**
     * What a handler requires by annotations: the method's own, else its class's ({@link #onClass}); empty when
     * neither says anything (then path rules and the default decide).
     *
     * @throws IllegalStateException naming an invalid annotation
     */
    public static Optional<EndpointRequirement> forHandler(Method handler, Class<?> handlerClass) {
        Optional<EndpointRequirement> own =
                declaredOn(handler, handler.getDeclaringClass().getSimpleName() + "." + handler.getName());
        return own.isPresent() ? own : onClass(handlerClass);
    }

    /**
     * The class's own annotations, walking up its superclasses, then every interface it implements (breadth first).
     *
     * @throws IllegalStateException naming an invalid annotation
     */
    public static Optional<EndpointRequirement> onClass(Class<?> type) {
        for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
            Optional<EndpointRequirement> requirement = declaredOn(current, current.getSimpleName());
            if (requirement.isPresent()) {
                return requirement;
            }
        }
        Deque<Class<?>> interfaces = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            interfaces.addAll(Arrays.asList(current.getInterfaces()));
        }
        while (!interfaces.isEmpty()) {
            Class<?> next = interfaces.removeFirst();
            if (!seen.add(next)) {
                continue;
            }
            Optional<EndpointRequirement> requirement = declaredOn(next, next.getSimpleName());
            if (requirement.isPresent()) {
                return requirement;
            }
            interfaces.addAll(Arrays.asList(next.getInterfaces()));
        }
        return Optional.empty();
    }

    /**
     * What the annotations directly on {@code element} say (on a class: declared there, not inherited), if anything.
     *
     * @param where how to name the element in a log line or error, e.g. {@code ReportsServlet.doGet}
     * @throws IllegalStateException if it carries both {@code @RequireApiKey} and {@code @RolesAllowed}, or a scope the
     *     validator would refuse
     */
    public static Optional<EndpointRequirement> declaredOn(AnnotatedElement element, String where) {
        Annotation[] annotations = element.getDeclaredAnnotations();
        if (named(annotations, DENY_ALL) != null) {
            return Optional.of(EndpointRequirement.deny("@DenyAll on " + where));
        }
        if (named(annotations, PERMIT_ALL) != null) {
            return Optional.of(EndpointRequirement.permit("@PermitAll on " + where));
        }
        Annotation requireApiKey = named(annotations, REQUIRE_API_KEY);
        Annotation rolesAllowed = named(annotations, ROLES_ALLOWED);
        if (requireApiKey != null && rolesAllowed != null) {
            throw new IllegalStateException(where + " carries both @RequireApiKey and @RolesAllowed: keep one"
                    + " (@RequireApiKey(scopes = {...}, match = ScopeMatch.ANY) says the same as @RolesAllowed)");
        }
        if (requireApiKey != null) {
            return Optional.of(requirement(requireApiKey, "@RequireApiKey on " + where));
        }
        if (rolesAllowed != null) {
            String[] roles = roles(rolesAllowed);
            if (roles.length == 0) {
                return Optional.of(EndpointRequirement.deny("@RolesAllowed({}) on " + where));
            }
            return Optional.of(EndpointRequirement.require(
                    new LinkedHashSet<>(Arrays.asList(roles)), ScopeMatch.ANY, "@RolesAllowed on " + where));
        }
        return Optional.empty();
    }

    private static @Nullable Annotation named(Annotation[] annotations, String typeName) {
        for (Annotation annotation : annotations) {
            if (annotation.annotationType().getName().equals(typeName)) {
                return annotation;
            }
        }
        return null;
    }

    /**
     * What a {@code @RequireApiKey} says. Matched by name, it may be another class loader's copy of the annotation (an
     * application bundling its own apikey-core beside a container's apikey-servlet): read reflectively then, so it
     * is never silently ignored.
     */
    private static EndpointRequirement requirement(Annotation requireApiKey, String source) {
        if (requireApiKey instanceof RequireApiKey own) {
            return EndpointRequirement.require(
                    new LinkedHashSet<>(Arrays.asList(own.scopes())), own.match(), source, own.cost());
        }
        try {
            Class<? extends Annotation> type = requireApiKey.annotationType();
            String[] scopes = (String[]) type.getMethod("scopes").invoke(requireApiKey);
            ScopeMatch match =
                    ScopeMatch.valueOf(((Enum<?>) type.getMethod("match").invoke(requireApiKey)).name());
            int cost = ((Number) type.getMethod("cost").invoke(requireApiKey)).intValue();
            return EndpointRequirement.require(new LinkedHashSet<>(Arrays.asList(scopes)), match, source, cost);
        } catch (ReflectiveOperationException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalStateException(source + " (another copy of dev.apikey.RequireApiKey) cannot be read: " + e
                    + "; keep one apikey-core on the class path");
        }
    }

    /** {@code @RolesAllowed}'s value, read reflectively (the annotation type is the application's). */
    private static String[] roles(Annotation rolesAllowed) {
        try {
            Method value = rolesAllowed.annotationType().getMethod("value");
            return (String[]) value.invoke(rolesAllowed);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException | ClassCastException e) {
            throw new IllegalStateException("@RolesAllowed has no readable String[] value: " + e);
        }
    }
}
