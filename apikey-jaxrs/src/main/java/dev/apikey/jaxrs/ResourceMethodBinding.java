package dev.apikey.jaxrs;

import dev.apikey.http.EndpointRequirement;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a {@link KeyRequestFilter} (priority {@code AUTHENTICATION}) to every resource method the runtime builds,
 * sub-resources' included, with what its annotations require resolved once here. A method whose annotations are
 * invalid is bound to a filter that denies it, and start-up is told so: it never runs open.
 */
final class ResourceMethodBinding implements DynamicFeature {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyFeature.class);

    private final JaxRsSettings settings;

    ResourceMethodBinding(JaxRsSettings settings) {
        this.settings = settings;
    }

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        Method method = resourceInfo.getResourceMethod();
        Class<?> resourceClass = resourceInfo.getResourceClass();
        if (method == null || resourceClass == null) {
            // Nothing to read annotations from (a runtime's own handler): the path rules and the default decide.
            context.register(
                    new KeyRequestFilter(settings, Optional.empty(), "a resource method the runtime did not name"),
                    Priorities.AUTHENTICATION);
            return;
        }
        String name = resourceClass.getSimpleName() + "." + method.getName();
        Optional<EndpointRequirement> annotated;
        try {
            annotated = ResourceAnnotations.of(method, resourceClass);
        } catch (IllegalStateException invalid) {
            context.register(
                    new KeyRequestFilter(
                            settings, Optional.of(EndpointRequirement.deny("invalid annotations on " + name)), name),
                    Priorities.AUTHENTICATION);
            LOG.error("ApiKeyFeature denies {} to everyone: {}", name, invalid.getMessage());
            throw invalid;
        }
        context.register(new KeyRequestFilter(settings, annotated, name), Priorities.AUTHENTICATION);
        LOG.debug(
                "ApiKeyFeature: {} requires {}",
                name,
                annotated.map(EndpointRequirement::source).orElse("what the path rules, else the default, say"));
    }

    @Override
    public String toString() {
        return "ResourceMethodBinding[" + settings.describe() + "]";
    }
}
