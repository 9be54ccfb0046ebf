package dev.apikey.jaxrs;

import dev.apikey.http.KeySources;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.Set;

/**
 * Takes a key sent as a query parameter out of the request URI before the request is matched, so that no resource
 * ({@code UriInfo}, {@code @QueryParam}) and nothing that logs the URI later can see it; the query as received is kept
 * in the {@link RequestState} for the key filter. Only a pre-matching filter may change the request URI. Registered when
 * a query parameter is configured and keys are hidden from the application.
 */
@PreMatching
final class QueryKeyRemoval implements ContainerRequestFilter {

    private final KeySources queryParameter;

    QueryKeyRemoval(String queryParameter) {
        this.queryParameter = new KeySources(Set.of(), queryParameter);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        String rawQuery = uri.getRawQuery();
        String visibleQuery = queryParameter.visibleQuery(rawQuery);
        if (rawQuery == null || rawQuery.equals(visibleQuery)) {
            return;
        }
        RequestState.of(request).queryAsReceived(rawQuery);
        URI visible = UriBuilder.fromUri(uri).replaceQuery(visibleQuery).build();
        request.setRequestUri(request.getUriInfo().getBaseUri(), visible);
    }

    @Override
    public String toString() {
        return "QueryKeyRemoval[" + queryParameter.queryParameter() + "]";
    }
}
