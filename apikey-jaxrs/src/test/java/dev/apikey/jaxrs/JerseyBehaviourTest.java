package dev.apikey.jaxrs;

import java.util.Set;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/** {@link JaxRsBehaviour} on Jersey (Jetty 12); the runtime's roles through {@code RolesAllowedDynamicFeature}. */
final class JerseyBehaviourTest extends JaxRsBehaviour {
    @Override
    TestServer start(Set<Class<?>> resources, ApiKeyFeature feature, boolean runtimeRoles) throws Exception {
        return runtimeRoles
                ? JerseyServer.start(resources, feature, RolesAllowedDynamicFeature.class)
                : JerseyServer.start(resources, feature);
    }
}
