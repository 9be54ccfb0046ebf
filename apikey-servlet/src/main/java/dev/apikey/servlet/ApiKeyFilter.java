package dev.apikey.servlet;

import dev.apikey.ApiKeys;
import dev.apikey.KeyValidator;
import dev.apikey.RateLimit;
import dev.apikey.SafeText;
import dev.apikey.ScopeMatch;
import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.EndpointRequirement;
import dev.apikey.http.PathRules;
import dev.apikey.internal.SetOnce;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jakarta Servlet 6 filter that protects endpoints with API keys.
 *
 * <p>For each request it resolves what the target endpoint requires — the servlet's method-level
 * annotations, then its class-level ones ({@code @DenyAll} &gt; {@code @PermitAll} &gt;
 * {@link dev.apikey.RequireApiKey @RequireApiKey} / {@code @RolesAllowed}), then the path rules, then the
 * default policy — and asks the HTTP layer ({@link ApiKeyAuthenticator}) to decide: it reads the key (header
 * {@code X-API-Key} by default) and verifies it, and the filter either lets the request through with an
 * {@link ApiKeyPrincipal} or answers with RFC 9457 problem details (401, 403, 400, 429 or 503; a failing store is
 * always refused, never let through). This class holds only what is servlet-specific: lifecycle, dispatcher
 * types, request wrappers and finding the target servlet.
 *
 * <pre>{@code
 * ApiKeyFilter filter = ApiKeyFilter.builder().validator(apiKeys.validator()).build();
 * context.addFilter(new FilterHolder(filter), "/*", EnumSet.allOf(DispatcherType.class));
 * }</pre>
 *
 * <p>Register it for every dispatcher type: a request is authenticated once, on its {@code REQUEST}
 * dispatch, and the principal is restored on {@code FORWARD}, {@code INCLUDE}, {@code ASYNC} and
 * {@code ERROR} dispatches of it. For {@code web.xml}, configure it with init parameters (see docs/servlet.md);
 * bad configuration fails at {@link #init(FilterConfig)}.
 */
public final class ApiKeyFilter implements Filter {

    /** The MDC key holding the authenticated key's id while the request is served. */
    public static final String MDC_KEY = "apikey.id";
    /** The header the key is read from by default. */
    public static final String DEFAULT_HEADER = ApiKeyAuthenticator.DEFAULT_HEADER;
    /** The realm named in {@code WWW-Authenticate} by default. */
    public static final String DEFAULT_REALM = ApiKeyAuthenticator.DEFAULT_REALM;
    /** The {@code Retry-After} of a 503 by default. */
    public static final Duration DEFAULT_RETRY_AFTER = ApiKeyAuthenticator.DEFAULT_RETRY_AFTER;

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final @Nullable FilterSettings configured;
    private volatile @Nullable Active active;

    /** Holds what the filter works with once initialised. */
    private record Active(FilterSettings settings, EndpointPolicyResolver policies, Set<String> keyHeaders) {}

    /** For {@code web.xml}: configured from init parameters in {@link #init(FilterConfig)}. */
    public ApiKeyFilter() {
        this.configured = null;
    }

    private ApiKeyFilter(FilterSettings settings) {
        this.configured = settings;
    }

    /** A builder for configuration in code. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (active != null) {
            throw new ServletException("this ApiKeyFilter is already initialised for another context or filter"
                    + " registration: build one ApiKeyFilter per ServletContext");
        }
        FilterSettings settings;
        FilterSettings fromBuilder = configured;
        try {
            if (fromBuilder != null) {
                if (config.getInitParameterNames() != null
                        && config.getInitParameterNames().hasMoreElements()) {
                    throw new IllegalStateException("this ApiKeyFilter was configured with ApiKeyFilter.builder();"
                            + " remove its init parameters or create it with new ApiKeyFilter() to use them");
                }
                settings = fromBuilder;
            } else {
                settings = InitParameters.read(config).settings();
            }
            EndpointPolicyResolver policies =
                    new EndpointPolicyResolver(config.getServletContext(), settings.pathRules());
            List<String> servlets = policies.describeServlets();
            Active ready = new Active(settings, policies, settings.keyHeaders());
            LOG.info("ApiKeyFilter '{}' ready: {}", config.getFilterName(), settings.describe());
            servlets.forEach(line -> LOG.info("ApiKeyFilter: {}", line));
            FrameworkDispatchers.warnings(policies).forEach(line -> LOG.warn("ApiKeyFilter: {}", line));
            String queryParameter = settings.authenticator().settings().queryParameter();
            if (queryParameter != null) {
                LOG.warn(
                        "ApiKeyFilter reads keys from the query parameter '{}': URLs end up in browser histories,"
                                + " proxy and access logs; prefer the {} header",
                        queryParameter,
                        settings.authenticator().settings().headerName());
            }
            this.active = ready;
        } catch (RuntimeException e) {
            throw new ServletException(
                    "ApiKeyFilter '" + config.getFilterName() + "' is misconfigured: " + e.getMessage(), e);
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            throw new ServletException("ApiKeyFilter protects HTTP requests only; map it to HTTP servlets");
        }
        Active current = active;
        if (current == null) {
            LOG.error("ApiKeyFilter received a request while not initialised (or after destroy()); refusing it");
            FilterOutcomes.refuse(
                    request,
                    response,
                    configured != null
                            ? configured.authenticator().unavailable()
                            : ApiKeyAuthenticator.defaultUnavailable(),
                    configured != null ? configured.errorResponder() : ErrorResponder.problemJson());
            return;
        }
        FilterSettings settings = current.settings();
        ApiKeyAuthenticator authenticator = settings.authenticator();
        DispatchTarget target = DispatchTarget.of(request);
        EndpointRequirement requirement;
        try {
            requirement = current.policies().resolve(target.servletName(), request.getMethod(), target.path());
        } catch (RuntimeException e) {
            LOG.error(
                    "ApiKeyFilter cannot tell what {} requires, refusing it: {}",
                    SafeText.of(target.path()),
                    e.getMessage());
            FilterOutcomes.refuse(request, response, authenticator.forbidden(), settings.errorResponder());
            return;
        }
        FilterOutcomes.Authenticated earlier =
                request.getDispatcherType() == DispatcherType.REQUEST ? null : FilterOutcomes.Authenticated.of(request);
        ServletRequestView view = ServletRequestView.keysBeneathWrappers(
                request, EndpointPolicyResolver.pathOf(request), current.keyHeaders());
        switch (requirement.access()) {
            case DENY -> FilterOutcomes.refuse(request, response, authenticator.forbidden(), settings.errorResponder());
            case PERMIT -> FilterOutcomes.pass(request, response, chain, earlier, settings, view);
            case REQUIRE -> {
                if (earlier != null) {
                    if (earlier.principal().holds(requirement.scopes(), requirement.match())) {
                        FilterOutcomes.pass(request, response, chain, earlier, settings, view);
                    } else {
                        FilterOutcomes.refuse(
                                request,
                                response,
                                authenticator.insufficientScope(requirement),
                                settings.errorResponder());
                    }
                } else if (settings.corsPreflightWithoutKey()
                        && ApiKeyAuthenticator.isCorsPreflight(view)
                        && !current.policies().handlesOptionsItself(target.servletName())) {
                    FilterOutcomes.pass(request, response, chain, null, settings, view);
                } else {
                    FilterOutcomes.serve(request, response, chain, authenticator.decide(view, requirement), settings);
                }
            }
        }
    }

    @Override
    public void destroy() {
        active = null;
    }

    @Override
    public String toString() {
        Active current = active;
        FilterSettings settings = current != null ? current.settings() : configured;
        return "ApiKeyFilter[" + (settings == null ? "not initialised" : settings.describe()) + "]";
    }

    /**
     * Builder of {@link ApiKeyFilter}. Only the validator is required; every other setting has a default and
     * may be given once. {@link #build()} validates everything and names what is wrong. Where keys are read and
     * how requests are decided is the HTTP layer's {@link ApiKeyAuthenticator.Builder}, what paths require its
     * {@link PathRules.Builder}: this builder hands those settings on.
     */
    public static final class Builder {
        private final ApiKeyAuthenticator.Builder authenticator = ApiKeyAuthenticator.builder();
        private final PathRules.Builder pathRules = PathRules.builder();
        private boolean validatorGiven;
        private @Nullable Boolean hideKey;
        private @Nullable Boolean corsPreflightWithoutKey;
        private @Nullable ErrorResponder errorResponder;

        private Builder() {}

        /**
         * Refuses a client with 429 {@code too_many_failed_attempts} once it sent this many requests with a missing
         * or invalid key in the window, e.g. {@code RateLimit.parse("20/1m")} (default: off). A client is an IPv4
         * address or an IPv6 network (see {@link #failedAttemptIpv6Prefix}). At most
         * {@value ApiKeyAuthenticator#MAX_TRACKED_ADDRESSES} counting clients are remembered, the least recent dropped
         * first, and apart from them as many blocked ones: failures of others never end a block.
         */
        public Builder failedAttemptLimit(RateLimit limit) {
            authenticator.failedAttemptLimit(limit);
            return this;
        }

        /** How many leading bits of an IPv6 address make one client for {@link #failedAttemptLimit} (1-128, default 64). */
        public Builder failedAttemptIpv6Prefix(int prefixLength) {
            authenticator.failedAttemptIpv6Prefix(prefixLength);
            return this;
        }

        /** The validator keys are checked with, e.g. {@code apiKeys.validator()}. Required. */
        public Builder validator(KeyValidator validator) {
            authenticator.validator(validator);
            validatorGiven = true;
            return this;
        }

        /** Shorthand for {@code validator(apiKeys.validator())}. */
        public Builder apiKeys(ApiKeys apiKeys) {
            authenticator.apiKeys(apiKeys);
            validatorGiven = true;
            return this;
        }

        /** The header the key is read from (default {@value ApiKeyFilter#DEFAULT_HEADER}). */
        public Builder headerName(String headerName) {
            authenticator.headerName(headerName);
            return this;
        }

        /** Also accept the key in {@code Authorization: ApiKey <key>} and/or {@code Bearer <key>} (default: neither). */
        public Builder authorizationSchemes(AuthorizationScheme... schemes) {
            if (schemes == null || Arrays.asList(schemes).contains(null)) {
                throw new IllegalArgumentException("authorizationSchemes must not be null or contain null");
            }
            authenticator.authorizationSchemes(Arrays.stream(schemes)
                    .map(AuthorizationScheme::scheme)
                    .toArray(dev.apikey.http.AuthorizationScheme[]::new));
            return this;
        }

        /**
         * Also accept the key in this query parameter (default: off). Discouraged — URLs are logged by proxies
         * and kept in browser histories — and warned about at start-up.
         */
        public Builder queryParameter(String name) {
            authenticator.queryParameter(name);
            return this;
        }

        /**
         * Whether endpoints with no annotation and no matching path rule need a key (default {@code false}: they
         * are open; {@code true}: every endpoint behind the filter needs a key unless it says otherwise).
         */
        public Builder requireByDefault(boolean requireByDefault) {
            pathRules.requireByDefault(requireByDefault);
            return this;
        }

        /**
         * Paths matching {@code pattern} ({@code /exact}, {@code /prefix/*}, {@code *.ext}) need a key holding all
         * of {@code scopes} (none: any valid key). Annotations on the servlet take precedence over path rules; the
         * most specific matching rule applies.
         */
        public Builder requireKey(String pattern, String... scopes) {
            return requireKey(pattern, ScopeMatch.ALL, scopes);
        }

        /** Paths matching {@code pattern} need a key holding all or any of {@code scopes}. */
        public Builder requireKey(String pattern, ScopeMatch match, String... scopes) {
            pathRules.requireKey(pattern, match, scopes);
            return this;
        }

        /** Paths matching {@code pattern} are open (unless a servlet annotation says otherwise). */
        public Builder permit(String pattern) {
            pathRules.permit(pattern);
            return this;
        }

        /** Paths matching {@code pattern} are refused with 403 (unless a servlet annotation says otherwise). */
        public Builder deny(String pattern) {
            pathRules.deny(pattern);
            return this;
        }

        /**
         * Whether the key header (and the {@code Authorization} header or query parameter that carried the key) is
         * hidden from the application (default {@code true}).
         */
        public Builder hideKeyFromApplication(boolean hide) {
            this.hideKey = SetOnce.set(this.hideKey, hide, "hideKeyFromApplication");
            return this;
        }

        /** Whether CORS preflight requests pass without a key (default {@code true}; browsers send no credentials on them). */
        public Builder corsPreflightWithoutKey(boolean pass) {
            this.corsPreflightWithoutKey = SetOnce.set(this.corsPreflightWithoutKey, pass, "corsPreflightWithoutKey");
            return this;
        }

        /**
         * Networks of reverse proxies whose {@code Forwarded} / {@code X-Forwarded-For} (and
         * {@code X-Forwarded-Proto}) headers are believed (default: none, the TCP peer is the client).
         */
        public Builder trustedProxies(String... cidrs) {
            authenticator.trustedProxies(cidrs);
            return this;
        }

        /**
         * Which forwarding headers the trusted proxies set (default {@link ForwardedHeaders#X_FORWARDED_FOR}):
         * only that one is read, never whichever a client sent.
         */
        public Builder forwardedHeaders(ForwardedHeaders headers) {
            authenticator.forwardedHeaders(
                    SetOnce.requireValue(headers, "forwardedHeaders").headers());
            return this;
        }

        /** Whether requests needing a key must arrive over HTTPS (default {@code false}); others get 403 {@code https_required}. */
        public Builder requireSecureTransport(boolean require) {
            authenticator.requireSecureTransport(require);
            return this;
        }

        /** The realm named in {@code WWW-Authenticate: ApiKey realm="…"} (default {@value ApiKeyFilter#DEFAULT_REALM}). */
        public Builder realm(String realm) {
            authenticator.realm(realm);
            return this;
        }

        /** The {@code Retry-After} sent with 503 when the store is unavailable (default 5 s, whole seconds, at least 1 s). */
        public Builder retryAfter(Duration retryAfter) {
            authenticator.retryAfter(retryAfter);
            return this;
        }

        /** Writes the body of refused requests (default {@link ErrorResponder#problemJson()}). */
        public Builder errorResponder(ErrorResponder errorResponder) {
            this.errorResponder = SetOnce.set(this.errorResponder, errorResponder, "errorResponder");
            return this;
        }

        /**
         * The filter.
         *
         * @throws IllegalStateException if no validator was given, naming how to give one
         */
        public ApiKeyFilter build() {
            return new ApiKeyFilter(settings());
        }

        /** What {@link #build()} configures a filter with. */
        FilterSettings settings() {
            if (!validatorGiven) {
                throw new IllegalStateException("ApiKeyFilter needs a KeyValidator: call validator(apiKeys.validator())"
                        + " or apiKeys(apiKeys) on the builder");
            }
            return new FilterSettings(
                    authenticator.build(),
                    pathRules.build(),
                    hideKey == null || hideKey,
                    corsPreflightWithoutKey == null || corsPreflightWithoutKey,
                    errorResponder != null ? errorResponder : ErrorResponder.problemJson());
        }
    }
}
