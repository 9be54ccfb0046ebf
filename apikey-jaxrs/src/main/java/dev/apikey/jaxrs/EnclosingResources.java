package dev.apikey.jaxrs;

import dev.apikey.http.EndpointAnnotations;
import dev.apikey.http.EndpointRequirement;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;

/**
 * What the resources enclosing a sub-resource require: a sub-resource whose method and class say nothing follows the
 * nearest enclosing resource class that does — {@code @RequireApiKey} on a root resource covers what its locators
 * return. Read from the matched resources of the request (current first, then the ones whose locators led to it);
 * each class's annotations read once.
 */
final class EnclosingResources {

    private static final ClassValue<Optional<EndpointRequirement>> BY_CLASS = new ClassValue<>() {
        @Override
        protected Optional<EndpointRequirement> computeValue(Class<?> type) {
            try {
                return EndpointAnnotations.onClass(type);
            } catch (IllegalStateException invalid) {
                return Optional.of(EndpointRequirement.deny("invalid annotations on " + type.getSimpleName()));
            }
        }
    };

    private EnclosingResources() {}

    /** The nearest enclosing resource's requirement, if any resource encloses the current one and says something. */
    static Optional<EndpointRequirement> requirement(UriInfo uriInfo) {
        List<Object> matched = uriInfo.getMatchedResources();
        for (int i = 1; i < matched.size(); i++) {
            Optional<EndpointRequirement> enclosing =
                    BY_CLASS.get(matched.get(i).getClass());
            if (enclosing.isPresent()) {
                return enclosing;
            }
        }
        return Optional.empty();
    }
}
