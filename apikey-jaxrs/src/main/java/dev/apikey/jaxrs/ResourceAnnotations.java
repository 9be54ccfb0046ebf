package dev.apikey.jaxrs;

import dev.apikey.http.EndpointAnnotations;
import dev.apikey.http.EndpointRequirement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a resource method requires by annotations, read as Jakarta REST inherits annotations: the method as the
 * resource class declares it (a subclass or CDI proxy walked up to the declaration), else the first declaration of it
 * up the superclasses and then in the interfaces that carries one; else the resource class's, up its hierarchy, then
 * its interfaces. A method's annotation, wherever declared, beats any class's.
 */
final class ResourceAnnotations {

    private ResourceAnnotations() {}

    /**
     * @throws IllegalStateException naming an invalid annotation
     */
    static Optional<EndpointRequirement> of(Method method, Class<?> resourceClass) {
        for (Method declaration : declarations(method, resourceClass)) {
            Optional<EndpointRequirement> own = EndpointAnnotations.declaredOn(
                    declaration, declaration.getDeclaringClass().getSimpleName() + "." + declaration.getName());
            if (own.isPresent()) {
                return own;
            }
        }
        return EndpointAnnotations.onClass(resourceClass);
    }

    /** {@code method}'s declarations: the resource class's first, up its superclasses, then its interfaces. */
    private static List<Method> declarations(Method method, Class<?> resourceClass) {
        List<Method> found = new ArrayList<>();
        Deque<Class<?>> interfaces = new ArrayDeque<>();
        for (Class<?> type = resourceClass; type != null && type != Object.class; type = type.getSuperclass()) {
            declared(type, method).ifPresent(found::add);
            interfaces.addAll(Arrays.asList(type.getInterfaces()));
        }
        Set<Class<?>> seen = new HashSet<>();
        while (!interfaces.isEmpty()) {
            Class<?> next = interfaces.removeFirst();
            if (seen.add(next)) {
                declared(next, method).ifPresent(found::add);
                interfaces.addAll(Arrays.asList(next.getInterfaces()));
            }
        }
        if (!found.contains(method)) {
            found.add(method);
        }
        return found;
    }

    private static Optional<Method> declared(Class<?> type, Method method) {
        try {
            Method declared = type.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return declared.isBridge() || Modifier.isPrivate(declared.getModifiers())
                    ? Optional.empty()
                    : Optional.of(declared);
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }
}
