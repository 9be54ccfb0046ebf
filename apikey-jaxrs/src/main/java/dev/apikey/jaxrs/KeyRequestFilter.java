package dev.apikey.jaxrs;

import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.Decision;
import dev.apikey.http.EndpointRequirement;
import dev.apikey.servlet.ApiKeyPrincipal;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * Decides the requests of one resource method with the HTTP layer: what its annotations require (resolved once, when
 * the method was bound), else an enclosing resource's, the path rules and the default. A refusal aborts the request
 * with the layer's response; an allowed request goes on — when a key authenticated it, with a
 * {@link KeySecurityContext} and the key's id in the MDC. The places that carried a key were removed before
 * matching ({@link KeyPlacesRemoval}).
 */
final class KeyRequestFilter implements ContainerRequestFilter {

    private final JaxRsSettings settings;
    private final Optional<EndpointRequirement> annotated;
    private final String resourceMethod;

    KeyRequestFilter(JaxRsSettings settings, Optional<EndpointRequirement> annotated, String resourceMethod) {
        this.settings = settings;
        this.annotated = annotated;
        this.resourceMethod = resourceMethod;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        ContainerRequestView view = new ContainerRequestView(request);
        Decision decision = settings.authenticator().decide(view, requirement(request, view));
        if (decision instanceof Decision.Refused refused) {
            request.abortWith(RefusalResponses.of(refused.refusal(), settings.problemTypeBase()));
            return;
        }
        Decision.Allowed allowed = (Decision.Allowed) decision;
        RequestState state = RequestState.of(request);
        state.responseHeaders(allowed.headers());
        if (allowed.key().isPresent()) {
            ApiKeyPrincipal principal = ApiKeyPrincipal.of(allowed.key().get());
            request.setSecurityContext(
                    new KeySecurityContext(principal, settings.authenticator().isSecure(view)));
            state.authenticated(true);
            MDC.put(ApiKeyFeature.MDC_KEY, principal.id());
        }
    }

    /**
     * The method's annotations; else, on a sub-resource, the nearest enclosing resource class's (the class whose
     * locator returned it); else the CORS-preflight rule, the path rules and the default.
     */
    private EndpointRequirement requirement(ContainerRequestContext request, ContainerRequestView view) {
        Optional<EndpointRequirement> declared =
                annotated.isPresent() ? annotated : EnclosingResources.requirement(request.getUriInfo());
        if (declared.isEmpty() && settings.corsPreflightWithoutKey() && ApiKeyAuthenticator.isCorsPreflight(view)) {
            return EndpointRequirement.permit("CORS preflight (corsPreflightWithoutKey)");
        }
        return settings.pathRules().resolve(declared, view.path());
    }

    @Override
    public String toString() {
        return "KeyRequestFilter[" + resourceMethod + ": "
                + annotated.map(EndpointRequirement::source).orElse("path rules, else the default") + "]";
    }
}
