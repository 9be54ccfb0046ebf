package dev.apikey.jaxrs;

import dev.apikey.RequireApiKey;
import dev.apikey.ScopeMatch;
import dev.apikey.http.conformance.HandlerEcho;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.security.Principal;
import java.util.Set;

/** The endpoints of the HTTP conformance kit as Jakarta REST resources, with the annotations its table gives. */
final class KitResources {

    private KitResources() {}

    /** The kit's resource classes, for an {@code Application} or a {@code ResourceConfig}. */
    static Set<Class<?>> classes() {
        return Set.of(Secure.class, Single.class, Mixed.class, DeniedClass.class);
    }

    static String echo(String endpoint, SecurityContext security, HttpHeaders headers, UriInfo uri) {
        Principal principal = security.getUserPrincipal();
        return HandlerEcho.body(
                endpoint,
                principal == null ? null : principal.getName(),
                headers::getHeaderString,
                uri.getRequestUri().getRawQuery());
    }

    /** What every kit resource reads of its request. */
    public abstract static class Echoing {
        @Context
        SecurityContext security;

        @Context
        HttpHeaders headers;

        @Context
        UriInfo uri;

        String echo(String endpoint) {
            return KitResources.echo(endpoint, security, headers, uri);
        }
    }

    @Path("/secure")
    @RequireApiKey
    public static class Secure extends Echoing {
        @GET
        @Produces("text/plain")
        public String secure() {
            return echo("secure");
        }
    }

    @Path("/")
    @Produces("text/plain")
    public static class Single extends Echoing {
        @GET
        @Path("reports")
        @RequireApiKey(scopes = "reports:read")
        public String reports() {
            return echo("reports");
        }

        @GET
        @Path("any-scope")
        @RequireApiKey(
                scopes = {"a", "b"},
                match = ScopeMatch.ANY)
        public String anyScope() {
            return echo("any-scope");
        }

        @GET
        @Path("roles")
        @RolesAllowed({"admin", "ops"})
        public String roles() {
            return echo("roles");
        }

        @GET
        @Path("permit-and-deny")
        @PermitAll
        @DenyAll
        public String permitAndDeny() {
            return echo("permit-and-deny");
        }

        @GET
        @Path("health")
        @PermitAll
        public String health() {
            return echo("health");
        }

        @GET
        @Path("expensive")
        @RequireApiKey(cost = 5)
        public String expensive() {
            return echo("expensive");
        }

        @GET
        @Path("open")
        public String open() {
            return echo("open");
        }

        @GET
        @Path("open/{rest: .*}")
        public String openBelow() {
            return echo("open");
        }

        @GET
        @Path("rules/{rest: .*}")
        public String rules() {
            return echo("open");
        }
    }

    @Path("/mixed")
    @Produces("text/plain")
    @RequireApiKey
    public static class Mixed extends Echoing {
        @GET
        @PermitAll
        public String get() {
            return echo("mixed-get");
        }

        @POST
        public String post() {
            return echo("mixed-post");
        }

        @PUT
        @RequireApiKey(scopes = "write")
        public String put() {
            return echo("mixed-put");
        }

        @DELETE
        @DenyAll
        public String delete() {
            return echo("mixed-delete");
        }
    }

    @Path("/denied-class")
    @DenyAll
    public static class DeniedClass extends Echoing {
        @GET
        @Produces("text/plain")
        @RequireApiKey
        public String get() {
            return echo("denied-class-get");
        }
    }
}
