package dev.apikey.servlet;

import dev.apikey.http.EndpointRequirement;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Registration;
import jakarta.servlet.ServletRegistration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Servlets and filters of web frameworks that dispatch to handlers of their own (Spring MVC controllers, JAX-RS
 * resources): {@link ApiKeyFilter} sees the dispatcher, never the handler, so the handlers' annotations are not
 * applied. While such a dispatcher is governed by the open default policy, every request to it passes without a
 * key; {@link #warnings} says so at start-up, naming what to do. Frameworks are recognised by class name, walking
 * the class hierarchy (an application's subclass counts), so none is a dependency.
 */
final class FrameworkDispatchers {

    /** A dispatcher class, what users call it, and the integration that reads its handlers' annotations. */
    private record Known(String className, String framework, String handlers, String integration) {}

    private static final List<Known> KNOWN = List.of(
            new Known(
                    "org.springframework.web.servlet.DispatcherServlet",
                    "Spring MVC's DispatcherServlet",
                    "controllers",
                    "apikey-spring-boot-starter"),
            new Known(
                    "org.glassfish.jersey.servlet.ServletContainer",
                    "Jersey's ServletContainer",
                    "resources",
                    "apikey-jaxrs"),
            new Known(
                    "org.jboss.resteasy.plugins.server.servlet.HttpServletDispatcher",
                    "RESTEasy's HttpServletDispatcher",
                    "resources",
                    "apikey-jaxrs"),
            new Known(
                    "org.jboss.resteasy.plugins.server.servlet.FilterDispatcher",
                    "RESTEasy's FilterDispatcher",
                    "resources",
                    "apikey-jaxrs"),
            new Known(
                    "org.apache.cxf.transport.servlet.AbstractHTTPServlet",
                    "Apache CXF's servlet",
                    "resources",
                    "apikey-jaxrs"));

    private FrameworkDispatchers() {}

    /**
     * One line per framework dispatcher (servlet or filter) of the context that the open default policy governs:
     * none when keys are required by default, nor for a dispatcher whose every mapping lies inside a path rule.
     */
    static List<String> warnings(EndpointPolicyResolver resolver) {
        List<String> lines = new ArrayList<>();
        if (resolver.pathRules().defaultRequirement().access() != EndpointRequirement.Access.PERMIT) {
            return lines;
        }
        for (Map.Entry<String, ? extends ServletRegistration> servlet :
                resolver.context().getServletRegistrations().entrySet()) {
            warning("servlet", servlet.getValue(), servlet.getValue().getMappings(), resolver)
                    .ifPresent(lines::add);
        }
        for (Map.Entry<String, ? extends FilterRegistration> filter :
                resolver.context().getFilterRegistrations().entrySet()) {
            warning("filter", filter.getValue(), filter.getValue().getUrlPatternMappings(), resolver)
                    .ifPresent(lines::add);
        }
        return lines;
    }

    private static Optional<String> warning(
            String kind, Registration registration, Collection<String> mappings, EndpointPolicyResolver resolver) {
        Optional<Known> known = resolver.tryLoad(registration.getClassName()).flatMap(FrameworkDispatchers::known);
        if (known.isEmpty() || mappings.isEmpty() || mappings.stream().allMatch(resolver.pathRules()::covers)) {
            return Optional.empty();
        }
        Known dispatcher = known.get();
        return Optional.of(kind + " '" + registration.getName() + "' (" + registration.getClassName() + ", mapped to "
                + mappings + ") is " + dispatcher.framework() + ": ApiKeyFilter sees only the " + kind + ", not the "
                + dispatcher.handlers() + " behind it, so their @RequireApiKey, @PermitAll, @DenyAll and @RolesAllowed"
                + " annotations are NOT applied, and every request to it that no path rule covers is open (default"
                + " policy: requireByDefault(false)). Require a key for it here: requireByDefault(true) (init parameter"
                + " requireByDefault) or path rules such as requireKey(\"/*\") with permit(\"/health\") for what must"
                + " stay open; or protect the " + dispatcher.handlers() + " with an integration that reads their"
                + " annotations (" + dispatcher.integration() + ", planned). See docs/servlet.md, \"Framework"
                + " dispatchers\"");
    }

    private static Optional<Known> known(Class<?> type) {
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            for (Known known : KNOWN) {
                if (known.className().equals(current.getName())) {
                    return Optional.of(known);
                }
            }
        }
        return Optional.empty();
    }
}
