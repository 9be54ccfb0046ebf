package dev.apikey.jaxrs;

import dev.apikey.RequireApiKey;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Set;
import org.slf4j.MDC;

/**
 * Resources for what the conformance kit does not cover: sub-resource locators, annotations inherited from an
 * interface, the security context a resource sees, {@code @RolesAllowed} checked again by the runtime.
 */
final class BehaviourResources {

    private BehaviourResources() {}

    static Set<Class<?>> classes() {
        return Set.of(Orders.class, Reports.class, Whoami.class, Roles.class);
    }

    /** A root resource whose orders are sub-resources, from a locator. */
    @Path("/orders")
    public static class Orders {
        @Path("{id}")
        public Order order(@PathParam("id") String id) {
            return new Order(id);
        }

        @Path("{id}/notes")
        public Notes notes(@PathParam("id") String id) {
            return new Notes(id);
        }
    }

    /** A sub-resource with method annotations. */
    public static class Order {
        private final String id;

        public Order(String id) {
            this.id = id;
        }

        @GET
        @Produces("text/plain")
        @RequireApiKey(scopes = "orders:read")
        public String read() {
            return "order " + id;
        }

        @GET
        @Path("status")
        @Produces("text/plain")
        @PermitAll
        public String status() {
            return "status of " + id;
        }

        @DELETE
        @DenyAll
        public String delete() {
            return "deleted " + id;
        }

        @GET
        @Path("unannotated")
        @Produces("text/plain")
        public String unannotated() {
            return "unannotated " + id;
        }
    }

    /** A sub-resource whose class requires a key. */
    @RequireApiKey(scopes = "orders:read")
    public static class Notes {
        private final String id;

        public Notes(String id) {
            this.id = id;
        }

        @GET
        @Produces("text/plain")
        public String read() {
            return "notes of " + id;
        }
    }

    /** Annotations on the interface's methods, the implementation's class open. */
    public interface ReportsApi {
        @GET
        @Path("daily")
        @Produces("text/plain")
        @RequireApiKey(scopes = "reports:read")
        String daily();

        @GET
        @Path("weekly")
        @Produces("text/plain")
        String weekly();
    }

    @Path("/reports")
    @PermitAll
    public static class Reports implements ReportsApi {
        @Override
        public String daily() {
            return "daily";
        }

        @Override
        public String weekly() {
            return "weekly";
        }
    }

    /** What a resource sees of the caller. */
    @Path("/whoami")
    @RequireApiKey
    public static class Whoami {
        @GET
        @Produces("text/plain")
        public String whoami(@Context SecurityContext security) {
            return "principal=" + security.getUserPrincipal().getClass().getSimpleName()
                    + " name=" + security.getUserPrincipal().getName()
                    + " scheme=" + security.getAuthenticationScheme()
                    + " secure=" + security.isSecure()
                    + " reports:read=" + security.isUserInRole("reports:read")
                    + " admin=" + security.isUserInRole("admin")
                    + " mdc=" + MDC.get(ApiKeyFeature.MDC_KEY);
        }
    }

    /** Roles the runtime may check again (Jersey's RolesAllowedDynamicFeature, RESTEasy's role-based security). */
    @Path("/roles")
    public static class Roles {
        @GET
        @Produces("text/plain")
        @RolesAllowed({"admin", "ops"})
        public String roles() {
            return "roles";
        }
    }

    /** Two annotations that contradict each other: never served. */
    @Path("/contradiction")
    public static class Contradiction {
        @GET
        @Produces("text/plain")
        @RequireApiKey(scopes = "reports:read")
        @RolesAllowed("admin")
        public String contradiction() {
            return "served";
        }
    }
}
