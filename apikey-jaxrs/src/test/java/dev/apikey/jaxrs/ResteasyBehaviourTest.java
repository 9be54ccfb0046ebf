package dev.apikey.jaxrs;

import java.util.Map;
import java.util.Set;

/** {@link JaxRsBehaviour} on RESTEasy (Undertow); the runtime's roles through {@code resteasy.role.based.security}. */
final class ResteasyBehaviourTest extends JaxRsBehaviour {
    @Override
    TestServer start(Set<Class<?>> resources, ApiKeyFeature feature, boolean runtimeRoles) {
        return ResteasyServer.start(
                resources, Set.of(feature), runtimeRoles ? Map.of("resteasy.role.based.security", "true") : Map.of());
    }
}
