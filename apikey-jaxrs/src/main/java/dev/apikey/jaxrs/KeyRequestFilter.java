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
 * the method was bound), else the path rules and the default. A refusal aborts the request with the layer's response;
 * an allowed request goes on with the places that carried a key removed, and — when a key authenticated it — a
 * {@link KeySecurityContext} and the key's id in the MDC.
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
        Decision decision = settings.authenticator().decide(view, requirement(view));
        if (decision instanceof Decision.Refused refused) {
            request.abortWith(RefusalResponses.of(refused.refusal(), settings.problemTypeBase()));
            return;
        }
        Decision.Allowed allowed = (Decision.Allowed) decision;
        RequestState state = RequestState.of(request);
        state.responseHeaders(allowed.headers());
        if (settings.hideKey()) {
            allowed.hide().headers().forEach(name -> request.getHeaders().remove(name));
        }
        state.mdcReplaced(MDC.get(ApiKeyFeature.MDC_KEY));
        if (allowed.key().isPresent()) {
            ApiKeyPrincipal principal = ApiKeyPrincipal.of(allowed.key().get());
            request.setSecurityContext(
                    new KeySecurityContext(principal, settings.authenticator().isSecure(view)));
            MDC.put(ApiKeyFeature.MDC_KEY, principal.id());
        } else {
            MDC.remove(ApiKeyFeature.MDC_KEY);
        }
    }

    private EndpointRequirement requirement(ContainerRequestView view) {
        if (annotated.isEmpty() && settings.corsPreflightWithoutKey() && ApiKeyAuthenticator.isCorsPreflight(view)) {
            return EndpointRequirement.permit("CORS preflight (corsPreflightWithoutKey)");
        }
        return settings.pathRules().resolve(annotated, view.path());
    }

    @Override
    public String toString() {
        return "KeyRequestFilter[" + resourceMethod + ": "
                + annotated.map(EndpointRequirement::source).orElse("path rules, else the default") + "]";
    }
}
