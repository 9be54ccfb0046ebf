package dev.apikey.spring;

import dev.apikey.SafeText;
import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.Decision;
import dev.apikey.http.EndpointRequirement;
import dev.apikey.http.Refusal;
import dev.apikey.servlet.ApiKeyPrincipal;
import dev.apikey.servlet.ApiKeyRequest;
import dev.apikey.servlet.ErrorResponder;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides a servlet request with the HTTP layer, for the MVC interceptor (which knows the handler) and for the
 * request filter (requests to servlets other than Spring's dispatcher, by path rules alone): the requirement from
 * {@link HandlerRequirements}, a key verified on an earlier dispatch or by a Spring Security chain reused, and the
 * answer applied — headers and principal, or the refusal.
 */
final class MvcDecisions {

    private static final Logger LOG = LoggerFactory.getLogger(MvcDecisions.class);

    private final ApiKeyAuthenticator authenticator;
    private final HandlerRequirements requirements;
    private final ErrorResponder errorResponder;

    MvcDecisions(ApiKeyAuthenticator authenticator, HandlerRequirements requirements, ErrorResponder errorResponder) {
        this.authenticator = authenticator;
        this.requirements = requirements;
        this.errorResponder = errorResponder;
    }

    /**
     * Decides {@code request} for {@code handler} ({@code null}: no handler known, the path rules decide) and
     * applies the answer; whether the request may go on.
     */
    boolean admit(ApiKeyRequest request, HttpServletResponse response, @Nullable Object handler) throws IOException {
        String path = ApiKeyRequest.path(request);
        EndpointRequirement requirement;
        try {
            requirement = requirements.of(handler, request.view(), path);
        } catch (RuntimeException e) {
            LOG.error("apikey cannot tell what {} requires, refusing it: {}", SafeText.of(path), e.getMessage());
            request.refuse(response, authenticator.forbidden(), errorResponder);
            return false;
        }
        Decision decision = decide(request, requirement);
        if (decision instanceof Decision.Refused refused) {
            request.refuse(response, refused.refusal(), errorResponder);
            return false;
        }
        Decision.Allowed allowed = (Decision.Allowed) decision;
        allowed.headers().forEach(response::setHeader);
        request.allow(allowed);
        request.removeAttribute(ChainVerification.CHARGED_ONE); // charged for this request's handler now
        return true;
    }

    private Decision decide(ApiKeyRequest request, EndpointRequirement requirement) {
        Optional<ApiKeyPrincipal> earlier = request.principal();
        return switch (requirement.access()) {
            case DENY -> new Decision.Refused(authenticator.forbidden());
            case PERMIT -> authenticator.decide(request.view(), requirement);
            case REQUIRE -> {
                if (request.getAttribute(ChainVerification.REFUSAL) instanceof Refusal chainRefusal) {
                    yield new Decision.Refused(chainRefusal); // the chain verified the key and refused it
                }
                yield earlier.isPresent()
                        ? alreadyVerified(request, earlier.get(), requirement)
                        : authenticator.decide(request.view(), requirement);
            }
        };
    }

    /**
     * A key verified before this dispatch: on an earlier dispatch (async, forward), or by a Spring Security chain as
     * one request — then the rest of the handler's cost is charged now, once.
     */
    private Decision alreadyVerified(
            ApiKeyRequest request, ApiKeyPrincipal principal, EndpointRequirement requirement) {
        if (!principal.holds(requirement.scopes(), requirement.match())) {
            return new Decision.Refused(authenticator.insufficientScope(requirement));
        }
        if (requirement.cost() > 1 && request.getAttribute(ChainVerification.CHARGED_ONE) != null) {
            return authenticator.decide(
                    request.view(),
                    EndpointRequirement.require(
                            requirement.scopes(), requirement.match(), requirement.source(), requirement.cost() - 1));
        }
        return authenticator.decide(request.view(), EndpointRequirement.permit(requirement.source()));
    }
}
