package dev.apikey.jaxrs;

import dev.apikey.RequireApiKey;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.MDC;

/**
 * Resources for the cases an independent review found open or leaking: matrix parameters under path rules, generic
 * supertypes' annotations, a root resource's class annotation over what its locators return, the MDC of asynchronous
 * resources, a raw query kept as sent, an exception mapper of a request that matched nothing.
 */
final class ReviewResources {

    private ReviewResources() {}

    static Set<Class<?>> classes() {
        return Set.of(Admin.class, Items.class, Things.class, Vault.class, Mdc.class, Async.class, Query.class);
    }

    @Path("/admin")
    public static class Admin {
        @GET
        @Path("secret")
        @Produces("text/plain")
        public String secret() {
            return "admin secret";
        }
    }

    public abstract static class Crud<T> {
        @PUT
        @Consumes("text/plain")
        @Produces("text/plain")
        @RequireApiKey(scopes = "admin")
        public abstract String put(T body);
    }

    @Path("/items")
    public static class Items extends Crud<String> {
        @Override
        public String put(String body) {
            return "put " + body;
        }
    }

    public interface GenericApi<T> {
        @PUT
        @Consumes("text/plain")
        @Produces("text/plain")
        @RequireApiKey(scopes = "admin")
        String put(T body);
    }

    @Path("/things")
    public static class Things implements GenericApi<String> {
        @Override
        public String put(String body) {
            return "put " + body;
        }
    }

    @Path("/vault")
    @RequireApiKey(scopes = "admin")
    public static class Vault {
        @Path("{id}")
        public VaultEntry entry(@PathParam("id") String id) {
            return new VaultEntry(id);
        }
    }

    public static class VaultEntry {
        private final String id;

        public VaultEntry(String id) {
            this.id = id;
        }

        @GET
        @Produces("text/plain")
        public String get() {
            return "vault entry " + id;
        }
    }

    @Path("/mdc")
    public static class Mdc {
        @GET
        @Produces("text/plain")
        public String mdc() {
            return "mdc=" + MDC.get(ApiKeyFeature.MDC_KEY);
        }
    }

    @Path("/async")
    @RequireApiKey
    public static class Async {
        @GET
        @Produces("text/plain")
        public void get(@Suspended AsyncResponse response) {
            CompletableFuture.runAsync(() -> response.resume("async"));
        }
    }

    @Path("/query")
    public static class Query {
        @GET
        @Produces("text/plain")
        public String query(@Context UriInfo uri) {
            return "query=" + uri.getRequestUri().getRawQuery();
        }
    }

    /** An application's mapper of 404s that would show the key header, were it there. */
    public static class NotFoundEcho implements ExceptionMapper<NotFoundException> {
        @Context
        HttpHeaders headers;

        @Override
        public Response toResponse(NotFoundException exception) {
            return Response.status(404)
                    .type("text/plain")
                    .entity("not found; x-api-key=" + headers.getHeaderString("X-API-Key"))
                    .build();
        }
    }
}
