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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a resource method requires by annotations, read as Jakarta REST inherits annotations: the method as the
 * resource class declares it (a subclass or CDI proxy walked up to the declaration), else the first declaration of it
 * up the superclasses and then in the interfaces that carries one — a generic supertype's declaration found through
 * the compiler's bridge methods; else the resource class's, up its hierarchy, then its interfaces (as Jersey's and
 * RESTEasy's own {@code @RolesAllowed} support reads them). A method's annotation, wherever declared, beats any class's.
 */
final class ResourceAnnotations {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyFeature.class);

    private ResourceAnnotations() {}

    /**
     * @throws IllegalStateException naming an invalid annotation
     */
    static Optional<EndpointRequirement> of(Method method, Class<?> resourceClass) {
        List<Method> declarations = declarations(method, resourceClass);
        for (Method declaration : declarations) {
            Optional<EndpointRequirement> own = EndpointAnnotations.declaredOn(declaration, nameOf(declaration));
            if (own.isPresent()) {
                return own;
            }
        }
        Optional<EndpointRequirement> byResourceClass = EndpointAnnotations.onClass(resourceClass);
        Class<?> declaring =
                declarations.isEmpty() ? resourceClass : declarations.get(0).getDeclaringClass();
        if (!declaring.isInterface() && declaring != resourceClass && declaring.isAssignableFrom(resourceClass)) {
            Optional<EndpointRequirement> byDeclaringClass = EndpointAnnotations.onClass(declaring);
            if (!byDeclaringClass
                            .map(EndpointRequirement::access)
                            .equals(byResourceClass.map(EndpointRequirement::access))
                    || !byDeclaringClass
                            .map(EndpointRequirement::scopes)
                            .equals(byResourceClass.map(EndpointRequirement::scopes))) {
                LOG.warn(
                        "ApiKeyFeature: {} is declared in {}, whose class annotations say {}, but it is served by {}, whose"
                                + " say {}: the resource class's apply (as Jakarta REST runtimes read @RolesAllowed);"
                                + " annotate the method to say what it needs",
                        nameOf(method),
                        declaring.getSimpleName(),
                        byDeclaringClass.map(EndpointRequirement::source).orElse("nothing"),
                        resourceClass.getSimpleName(),
                        byResourceClass.map(EndpointRequirement::source).orElse("nothing"));
            }
        }
        return byResourceClass;
    }

    private static String nameOf(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    /** {@code method}'s declarations: the resource class's first, up its superclasses, then its interfaces. */
    private static List<Method> declarations(Method method, Class<?> resourceClass) {
        List<Class<?>[]> signatures = signatures(method, resourceClass);
        List<Method> found = new ArrayList<>();
        Deque<Class<?>> interfaces = new ArrayDeque<>();
        for (Class<?> type = resourceClass; type != null && type != Object.class; type = type.getSuperclass()) {
            declared(type, method.getName(), signatures, found);
            interfaces.addAll(Arrays.asList(type.getInterfaces()));
        }
        interfaces.addAll(Arrays.asList(method.getDeclaringClass().getInterfaces()));
        Set<Class<?>> seen = new HashSet<>();
        while (!interfaces.isEmpty()) {
            Class<?> next = interfaces.removeFirst();
            if (seen.add(next)) {
                declared(next, method.getName(), signatures, found);
                interfaces.addAll(Arrays.asList(next.getInterfaces()));
            }
        }
        if (!found.contains(method)) {
            found.add(method);
        }
        return found;
    }

    /**
     * The parameter types {@code method} is declared with up its hierarchy: its own, and those of the bridge methods
     * the compiler made for it where it implements a generic supertype's method ({@code put(Object)} for
     * {@code put(String)}).
     */
    private static List<Class<?>[]> signatures(Method method, Class<?> resourceClass) {
        List<Class<?>[]> signatures = new ArrayList<>();
        signatures.add(method.getParameterTypes());
        for (Class<?> type = resourceClass; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Method candidate : type.getDeclaredMethods()) {
                if (candidate.isBridge()
                        && candidate.getName().equals(method.getName())
                        && candidate.getParameterCount() == method.getParameterCount()
                        && assignable(candidate.getParameterTypes(), method.getParameterTypes())) {
                    signatures.add(candidate.getParameterTypes());
                }
            }
        }
        return signatures;
    }

    private static boolean assignable(Class<?>[] declared, Class<?>[] actual) {
        for (int i = 0; i < declared.length; i++) {
            if (!declared[i].isAssignableFrom(actual[i])) {
                return false;
            }
        }
        return true;
    }

    private static void declared(Class<?> type, String name, List<Class<?>[]> signatures, List<Method> found) {
        for (Class<?>[] signature : signatures) {
            try {
                Method declared = type.getDeclaredMethod(name, signature);
                if (!declared.isBridge() && !Modifier.isPrivate(declared.getModifiers()) && !found.contains(declared)) {
                    found.add(declared);
                }
            } catch (NoSuchMethodException e) {
                // not declared here with this signature
            }
        }
    }
}
