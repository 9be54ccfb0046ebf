package dev.apikey.servlet;

import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.Decision;
import dev.apikey.http.HttpRequestView;
import dev.apikey.http.KeySources;
import dev.apikey.http.Refusal;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A request for integrations that decide at the framework's handler instead of in a servlet filter — the Spring
 * Boot starter's Spring MVC interceptor, which alone knows the handler method. A filter wraps each request once,
 * before the framework dispatches it: from then on the application never sees where the request carried a key
 * (the key header, the {@code Authorization} header carrying one, the query parameter), on open and protected
 * endpoints alike. Once the integration lets the request through with a key ({@link #allow}), it answers
 * {@code getUserPrincipal()} (an {@link ApiKeyPrincipal}), {@code getRemoteUser()}, {@code isUserInRole(scope)}
 * and {@code getAuthType()} as {@link ApiKeyFilter}'s requests do, and {@link ApiKeyPrincipal#from} finds it.
 */
public final class ApiKeyRequest extends KeyHidingRequest {

    private final ServletRequestView view;
    private volatile FilterOutcomes.@Nullable Authenticated authenticated;
    private volatile boolean decided;

    private ApiKeyRequest(HttpServletRequest request, ServletRequestView view, KeySources presented) {
        super(request, presented.headers(), presented.queryParameter());
        this.view = view;
        // A later dispatch the container makes with the request it received (an error page) keeps what an earlier
        // one established.
        FilterOutcomes.Authenticated earlier = FilterOutcomes.Authenticated.of(request);
        if (earlier != null) {
            this.authenticated = earlier;
            this.decided = true;
        }
    }

    /**
     * {@code request} with every place it carried a key, as {@code authenticator} reads keys, hidden from whoever
     * reads it next.
     */
    public static ApiKeyRequest wrap(HttpServletRequest request, ApiKeyAuthenticator authenticator) {
        return wrap(request, authenticator, true);
    }

    /**
     * {@code request}, with every place it carried a key hidden when {@code hideKey} (the counterpart of
     * {@link ApiKeyFilter.Builder#hideKeyFromApplication}).
     */
    public static ApiKeyRequest wrap(HttpServletRequest request, ApiKeyAuthenticator authenticator, boolean hideKey) {
        ServletRequestView view = ServletRequestView.asReceived(request, path(request));
        return new ApiKeyRequest(request, view, hideKey ? authenticator.presented(view) : KeySources.NONE);
    }

    /**
     * The path of {@code request} within the application, as path rules match it: the servlet path and the path
     * info, the included resource's on an include (what {@link ApiKeyFilter} matches; {@code /} for an empty one).
     */
    public static String path(HttpServletRequest request) {
        return DispatchTarget.of(request).path();
    }

    /** The {@code ApiKeyRequest} {@code request} is or wraps, if a filter made one. */
    public static Optional<ApiKeyRequest> find(ServletRequest request) {
        ServletRequest current = request;
        while (true) {
            if (current instanceof ApiKeyRequest found) {
                return Optional.of(found);
            }
            if (!(current instanceof ServletRequestWrapper wrapper)) {
                return Optional.empty();
            }
            current = wrapper.getRequest();
        }
    }

    /** The request as it was received, key places included: what the HTTP layer decides on. */
    public HttpRequestView view() {
        return view;
    }

    /**
     * Records that the integration let this request through: with a key, the request now answers its principal.
     * The first key stays (a later dispatch of the request, async or forwarded, keeps what was established).
     */
    public void allow(Decision.Allowed allowed) {
        if (authenticated != null) {
            decided = true;
            return;
        }
        allowed.key().ifPresent(key -> {
            FilterOutcomes.Authenticated established = new FilterOutcomes.Authenticated(
                    ApiKeyPrincipal.of(key), new KeySources(hiddenHeaders(), hiddenParameter()));
            authenticated = established;
            setAttribute(FilterOutcomes.Authenticated.ATTRIBUTE, established);
        });
        decided = true;
    }

    /**
     * Whether {@link #allow} or {@link #refuse} was called: the request was decided (a later dispatch of it, async or
     * forwarded, was decided before).
     */
    public boolean decided() {
        return decided;
    }

    /** The principal of the key that let this request through, if one did. */
    public Optional<ApiKeyPrincipal> principal() {
        FilterOutcomes.Authenticated current = authenticated;
        return current == null ? Optional.empty() : Optional.of(current.principal());
    }

    /**
     * Answers this request with {@code refusal}: its status and headers, then the body {@code responder} writes
     * (nothing when the response is already committed).
     */
    public void refuse(HttpServletResponse response, Refusal refusal, ErrorResponder responder) throws IOException {
        decided = true;
        FilterOutcomes.refuse(this, response, refusal, responder);
    }

    @Override
    public @Nullable Principal getUserPrincipal() {
        FilterOutcomes.Authenticated current = authenticated;
        return current != null ? current.principal() : super.getUserPrincipal();
    }

    @Override
    public @Nullable String getRemoteUser() {
        FilterOutcomes.Authenticated current = authenticated;
        return current != null ? current.principal().getName() : super.getRemoteUser();
    }

    @Override
    public boolean isUserInRole(String role) {
        FilterOutcomes.Authenticated current = authenticated;
        return current != null ? role != null && current.principal().hasScope(role) : super.isUserInRole(role);
    }

    @Override
    public @Nullable String getAuthType() {
        return authenticated != null ? AuthenticatedRequest.AUTH_TYPE : super.getAuthType();
    }
}
