package dev.apikey.spring;

import dev.apikey.ScopeMatch;
import dev.apikey.http.EndpointRequirement;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;

/**
 * Spring Security's method annotations ({@code @PreAuthorize}, {@code @PostAuthorize}, {@code @Secured}) on a handler
 * without apikey's own: they need an authenticated caller, so the handler needs a key (any valid key; the
 * annotation's expression then judges its {@code SCOPE_} authorities). Read by name: Spring Security may be absent.
 */
final class MethodSecurityAnnotations {

    private static final Set<String> NAMES = Set.of(
            "org.springframework.security.access.prepost.PreAuthorize",
            "org.springframework.security.access.prepost.PostAuthorize",
            "org.springframework.security.access.annotation.Secured");

    private MethodSecurityAnnotations() {}

    /** A key of any scope, if {@code method} or {@code controller} carries one of those annotations. */
    static Optional<EndpointRequirement> requirement(Method method, Class<?> controller) {
        return named(method)
                .or(() -> named(controller))
                .map(name -> EndpointRequirement.require(
                        Set.of(),
                        ScopeMatch.ALL,
                        "@" + name + " on " + controller.getSimpleName() + "." + method.getName()));
    }

    private static Optional<String> named(AnnotatedElement element) {
        for (Annotation annotation : element.getAnnotations()) {
            if (NAMES.contains(annotation.annotationType().getName())) {
                return Optional.of(annotation.annotationType().getSimpleName());
            }
        }
        return Optional.empty();
    }
}
