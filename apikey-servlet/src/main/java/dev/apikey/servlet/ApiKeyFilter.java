package dev.apikey.servlet;

import dev.apikey.ApiKeys;
import dev.apikey.IpNetwork;
import dev.apikey.KeyValidator;
import dev.apikey.ScopeMatch;
import dev.apikey.Verification;
import dev.apikey.VerificationContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A Jakarta Servlet 6 filter that protects endpoints with API keys.
 *
 * <p>For each request it resolves what the target endpoint requires — the servlet's method-level
 * annotations, then its class-level ones ({@code @DenyAll} &gt; {@code @PermitAll} &gt;
 * {@link dev.apikey.RequireApiKey @RequireApiKey} / {@code @RolesAllowed}), then the path rules, then the
 * default policy — reads the key (header {@code X-API-Key} by default), verifies it and either lets the request
 * through with an {@link ApiKeyPrincipal} or answers with RFC 9457 problem details (401, 403, 400 or 503; a
 * failing store is always refused, never let through).
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
    public static final String DEFAULT_HEADER = "X-API-Key";
    /** The realm named in {@code WWW-Authenticate} by default. */
    public static final String DEFAULT_REALM = "api";
    /** The {@code Retry-After} of a 503 by default. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyFilter.class);
    /** How many counting clients, and separately how many blocked ones, the failed-attempt limiter remembers at most. */
    static final int MAX_TRACKED_ADDRESSES = 10_000;
    private static final Pattern HEADER_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

    private final FilterSettings configured;
    private volatile Active active;

    /** Holds what the filter works with once initialised. */
    private record Active(FilterSettings settings, EndpointPolicyResolver policies, KeyExtractor extractor,
            ClientAddressResolver addresses, FailedAttemptLimiter failures) {}

    /** Where a request's key came from, hidden from the application. */
    record HiddenSources(Set<String> headers, String parameter) {}

    /**
     * What the filter established on a request's {@code REQUEST} dispatch, kept in a request attribute for its
     * later dispatches. Only this package can make one, so application code cannot forge an authentication.
     */
    record Authenticated(ApiKeyPrincipal principal, HiddenSources hidden) {
        static final String ATTRIBUTE = ApiKeyFilter.class.getName() + ".authenticated";

        static Authenticated of(ServletRequest request) {
            return request.getAttribute(ATTRIBUTE) instanceof Authenticated authenticated ? authenticated : null;
        }
    }

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
        try {
            if (configured != null) {
                if (config.getInitParameterNames() != null && config.getInitParameterNames().hasMoreElements()) {
                    throw new IllegalStateException("this ApiKeyFilter was configured with ApiKeyFilter.builder();"
                            + " remove its init parameters or create it with new ApiKeyFilter() to use them");
                }
                settings = configured;
            } else {
                settings = InitParameters.read(config).build().configured;
            }
            EndpointPolicyResolver policies = new EndpointPolicyResolver(config.getServletContext(), settings.pathRules(),
                    settings.requireByDefault());
            List<String> servlets = policies.describeServlets();
            Active ready = new Active(settings, policies,
                    new KeyExtractor(settings.headerName(), settings.authorizationSchemes(), settings.queryParameter()),
                    new ClientAddressResolver(settings.trustedProxies(), settings.forwardedHeaders()),
                    FailedAttemptLimiter.of(settings, MAX_TRACKED_ADDRESSES));
            LOG.info("ApiKeyFilter '{}' ready: {}", config.getFilterName(), settings.describe());
            servlets.forEach(line -> LOG.info("ApiKeyFilter: {}", line));
            if (settings.queryParameter() != null) {
                LOG.warn("ApiKeyFilter reads keys from the query parameter '{}': URLs end up in browser histories,"
                        + " proxy and access logs; prefer the {} header", settings.queryParameter(), settings.headerName());
            }
            this.active = ready;
        } catch (RuntimeException e) {
            throw new ServletException("ApiKeyFilter '" + config.getFilterName() + "' is misconfigured: " + e.getMessage(), e);
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            throw new ServletException("ApiKeyFilter protects HTTP requests only; map it to HTTP servlets");
        }
        Active current = active;
        if (current == null) {
            LOG.error("ApiKeyFilter received a request while not initialised (or after destroy()); refusing it");
            refuse(request, response, AuthFailure.of(Verification.Reason.STORE_UNAVAILABLE, DEFAULT_HEADER, Set.of()),
                    configured);
            return;
        }
        FilterSettings settings = current.settings();
        Target target = Target.of(request);
        EndpointPolicy policy;
        try {
            policy = current.policies().resolve(target.servletName(), request.getMethod(), target.path());
        } catch (RuntimeException e) {
            LOG.error("ApiKeyFilter cannot tell what {} requires, refusing it: {}", SafeText.of(target.path()), e.getMessage());
            refuse(request, response, AuthFailure.forbidden(), settings);
            return;
        }
        Authenticated earlier = request.getDispatcherType() == DispatcherType.REQUEST ? null : Authenticated.of(request);
        switch (policy.access()) {
            case DENY -> refuse(request, response, AuthFailure.forbidden(), settings);
            case PERMIT -> pass(request, response, chain, earlier, current);
            case REQUIRE -> {
                if (earlier != null) {
                    if (earlier.principal().holds(policy.scopes(), policy.match())) {
                        pass(request, response, chain, earlier, current);
                    } else {
                        refuse(request, response, AuthFailure.of(Verification.Reason.INSUFFICIENT_SCOPE,
                                settings.headerName(), policy.scopes()), settings);
                    }
                } else if (settings.corsPreflightWithoutKey() && isCorsPreflight(request)
                        && !current.policies().handlesOptionsItself(target.servletName())) {
                    pass(request, response, chain, null, current);
                } else {
                    authenticate(request, response, chain, policy, current);
                }
            }
        }
    }

    /** The servlet and path a dispatch goes to: for an include, the included resource. */
    private record Target(String servletName, String path) {
        static Target of(HttpServletRequest request) {
            if (request.getDispatcherType() == DispatcherType.INCLUDE
                    && request.getAttribute(RequestDispatcher.INCLUDE_MAPPING) instanceof HttpServletMapping mapping) {
                Object servletPath = request.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH);
                Object pathInfo = request.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO);
                String path = (servletPath == null ? "" : servletPath.toString()) + (pathInfo == null ? "" : pathInfo.toString());
                return new Target(mapping.getServletName(), path.isEmpty() ? "/" : path);
            }
            HttpServletMapping mapping = request.getHttpServletMapping();
            return new Target(mapping == null ? null : mapping.getServletName(), EndpointPolicyResolver.pathOf(request));
        }
    }

    /** Lets a request through: with its principal restored on a later dispatch, the key hidden if asked. */
    private static void pass(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            Authenticated earlier, Active current) throws IOException, ServletException {
        if (earlier != null) {
            if (request.getUserPrincipal() instanceof ApiKeyPrincipal) {
                chain.doFilter(request, response);
            } else {
                serveAuthenticated(request, response, chain, earlier);
            }
            return;
        }
        if (current.settings().hideKey()) {
            PresentedKey presented = current.extractor().extract(request);
            if (presented.carriedAny()) {
                HiddenSources hidden = hiddenSources(presented, current.settings());
                chain.doFilter(new KeyHidingRequest(request, hidden.headers(), hidden.parameter()), response);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private void authenticate(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            EndpointPolicy policy, Active current) throws IOException, ServletException {
        FilterSettings settings = current.settings();
        if (settings.requireSecureTransport() && !current.addresses().isSecure(request)) {
            refuse(request, response, AuthFailure.httpsRequired(), settings);
            return;
        }
        // On a later dispatch the request may be wrapped, with the key hidden: read it from the original.
        java.util.Optional<java.net.InetAddress> client = current.addresses().resolve(request);
        FailedAttemptLimiter failures = current.failures();
        if (failures != null) {
            java.util.Optional<Duration> blocked = failures.blocked(client, System.nanoTime());
            if (blocked.isPresent()) {
                refuse(request, response, AuthFailure.tooManyFailures(), settings, java.util.Optional.empty(), blocked);
                return;
            }
        }
        PresentedKey presented = current.extractor().extract(original(request));
        if (presented.ambiguous()) {
            refuse(request, response, AuthFailure.ambiguous(), settings);
            return;
        }
        VerificationContext context = VerificationContext.builder()
                .clientAddress(client.orElse(null))
                .requiredScopes(policy.match(), policy.scopes())
                .request(request.getMethod(), EndpointPolicyResolver.pathOf(request))
                .cost(policy.cost())
                .build();
        Verification verification;
        try {
            verification = settings.validator().verify(presented.key(), context);
        } catch (RuntimeException | LinkageError e) {
            LOG.error("the KeyValidator {} threw instead of answering; refusing the request (fail closed): {}",
                    settings.validator().getClass().getName(), e.toString());
            verification = null;
        }
        if (verification == null) {
            verification = new Verification.Rejected(Verification.Reason.STORE_UNAVAILABLE);
        }
        if (!(verification instanceof Verification.Valid valid)) {
            Verification.Reason reason = ((Verification.Rejected) verification).reason();
            if (failures != null && COUNTED_FAILURES.contains(reason)) {
                failures.failed(client, System.nanoTime());
            }
            refuse(request, response, AuthFailure.of(reason, settings.headerName(), policy.scopes()), settings,
                    verification.limits(), verification.limits().flatMap(dev.apikey.LimitStatus::retryAfter));
            return;
        }
        valid.limits().ifPresent(limits -> limitHeaders(response, limits));
        Authenticated authenticated = new Authenticated(ApiKeyPrincipal.of(valid.apiKey()),
                settings.hideKey() ? hiddenSources(presented, settings) : new HiddenSources(Set.of(), null));
        request.setAttribute(Authenticated.ATTRIBUTE, authenticated);
        serveAuthenticated(request, response, chain, authenticated);
    }

    /** Runs the chain with the principal and the key's id in the MDC, restoring the MDC afterwards. */
    private static void serveAuthenticated(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            Authenticated authenticated) throws IOException, ServletException {
        String previousMdc = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, authenticated.principal().id());
        try {
            chain.doFilter(new AuthenticatedRequest(request, authenticated.principal(), authenticated.hidden().headers(),
                    authenticated.hidden().parameter()), response);
        } finally {
            if (previousMdc == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previousMdc);
            }
        }
    }

    private static HttpServletRequest original(HttpServletRequest request) {
        ServletRequest current = request;
        while (current instanceof jakarta.servlet.ServletRequestWrapper wrapper
                && wrapper.getRequest() instanceof HttpServletRequest) {
            current = wrapper.getRequest();
        }
        return (HttpServletRequest) current;
    }

    private static HiddenSources hiddenSources(PresentedKey presented, FilterSettings settings) {
        Set<String> headers = new HashSet<>();
        if (presented.fromHeader()) {
            headers.add(settings.headerName().toLowerCase(Locale.ROOT));
        }
        if (presented.fromAuthorization()) {
            headers.add("authorization");
        }
        return new HiddenSources(headers, presented.fromQuery() ? settings.queryParameter() : null);
    }

    private static boolean isCorsPreflight(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod()) && request.getHeader("Origin") != null
                && request.getHeader("Access-Control-Request-Method") != null;
    }

    /** Reasons that count as a failed attempt: no key, or one that is not a valid key. */
    private static final Set<Verification.Reason> COUNTED_FAILURES = EnumSet.of(Verification.Reason.MISSING,
            Verification.Reason.MALFORMED, Verification.Reason.UNKNOWN, Verification.Reason.REVOKED);

    /** The IETF draft's {@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset} (seconds). */
    private static void limitHeaders(HttpServletResponse response, dev.apikey.LimitStatus limits) {
        response.setHeader("RateLimit-Limit", Long.toString(limits.limit()));
        response.setHeader("RateLimit-Remaining", Long.toString(limits.remaining()));
        response.setHeader("RateLimit-Reset", Long.toString(ceilSeconds(limits.reset())));
    }

    private static long ceilSeconds(Duration duration) {
        long seconds = duration.getSeconds();
        return duration.getNano() > 0 ? seconds + 1 : seconds;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, AuthFailure failure,
            FilterSettings settings) throws IOException {
        refuse(request, response, failure, settings, java.util.Optional.empty(), java.util.Optional.empty());
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, AuthFailure failure,
            FilterSettings settings, java.util.Optional<dev.apikey.LimitStatus> limits,
            java.util.Optional<Duration> retryAfter) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        limits.ifPresent(status -> limitHeaders(response, status));
        if (failure.status() == 429) {
            retryAfter.ifPresent(wait -> response.setHeader("Retry-After", Long.toString(Math.max(1, ceilSeconds(wait)))));
        }
        response.resetBuffer();
        response.setStatus(failure.status());
        response.setHeader("Cache-Control", "no-store");
        if (failure.status() == 401) {
            response.setHeader("WWW-Authenticate", "ApiKey realm=\"" + (settings == null ? DEFAULT_REALM : settings.realm()) + "\"");
        }
        if (failure.status() == 503) {
            response.setHeader("Retry-After", Long.toString((settings == null ? DEFAULT_RETRY_AFTER : settings.retryAfter()).toSeconds()));
        }
        ErrorResponder responder = settings == null ? ErrorResponder.problemJson() : settings.errorResponder();
        try {
            responder.respond(request, response, failure);
        } catch (RuntimeException e) {
            LOG.error("error responder {} failed while refusing a request with {}: {}", responder,
                    failure.status(), e.toString());
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
     * may be given once. {@link #build()} validates everything and names what is wrong.
     */
    public static final class Builder {
        private KeyValidator validator;
        private String headerName;
        private Set<AuthorizationScheme> authorizationSchemes;
        private String queryParameter;
        private Boolean requireByDefault;
        private final List<PathRule> pathRules = new ArrayList<>();
        private Boolean hideKey;
        private Boolean corsPreflightWithoutKey;
        private List<IpNetwork> trustedProxies;
        private ForwardedHeaders forwardedHeaders;
        private Boolean requireSecureTransport;
        private String realm;
        private Duration retryAfter;
        private ErrorResponder errorResponder;
        private dev.apikey.RateLimit failedAttemptLimit;
        private Integer failedAttemptIpv6Prefix;

        private Builder() {}

        /**
         * Refuses a client with 429 {@code too_many_failed_attempts} once it sent this many requests with a missing
         * or invalid key in the window, e.g. {@code RateLimit.parse("20/1m")} (default: off). A client is an IPv4
         * address or an IPv6 network (see {@link #failedAttemptIpv6Prefix}). At most
         * {@value ApiKeyFilter#MAX_TRACKED_ADDRESSES} counting clients are remembered, the least recent dropped
         * first, and apart from them as many blocked ones: failures of others never end a block.
         */
        public Builder failedAttemptLimit(dev.apikey.RateLimit limit) {
            this.failedAttemptLimit = once(this.failedAttemptLimit, limit, "failedAttemptLimit");
            return this;
        }

        /** How many leading bits of an IPv6 address make one client for {@link #failedAttemptLimit} (1-128, default 64). */
        public Builder failedAttemptIpv6Prefix(int prefixLength) {
            this.failedAttemptIpv6Prefix = once(this.failedAttemptIpv6Prefix, FailedAttemptLimiter.checkIpv6Prefix(prefixLength),
                    "failedAttemptIpv6Prefix");
            return this;
        }

        /** The validator keys are checked with, e.g. {@code apiKeys.validator()}. Required. */
        public Builder validator(KeyValidator validator) {
            this.validator = once(this.validator, validator, "validator");
            return this;
        }

        /** Shorthand for {@code validator(apiKeys.validator())}. */
        public Builder apiKeys(ApiKeys apiKeys) {
            if (apiKeys == null) {
                throw new IllegalArgumentException("apiKeys must not be null");
            }
            return validator(apiKeys.validator());
        }

        /** The header the key is read from (default {@value ApiKeyFilter#DEFAULT_HEADER}). */
        public Builder headerName(String headerName) {
            if (headerName == null || !HEADER_TOKEN.matcher(headerName).matches()) {
                throw new IllegalArgumentException("headerName " + SafeText.of(headerName)
                        + " is not a valid HTTP header name: use letters, digits and - such as X-API-Key");
            }
            this.headerName = once(this.headerName, headerName, "headerName");
            return this;
        }

        /** Also accept the key in {@code Authorization: ApiKey <key>} and/or {@code Bearer <key>} (default: neither). */
        public Builder authorizationSchemes(AuthorizationScheme... schemes) {
            if (schemes == null || Arrays.asList(schemes).contains(null)) {
                throw new IllegalArgumentException("authorizationSchemes must not be null or contain null");
            }
            Set<AuthorizationScheme> set = schemes.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(schemes));
            this.authorizationSchemes = once(this.authorizationSchemes, set, "authorizationSchemes");
            return this;
        }

        /**
         * Also accept the key in this query parameter (default: off). Discouraged — URLs are logged by proxies
         * and kept in browser histories — and warned about at start-up.
         */
        public Builder queryParameter(String name) {
            if (name == null || !HEADER_TOKEN.matcher(name).matches()) {
                throw new IllegalArgumentException("queryParameter " + SafeText.of(name)
                        + " is not a valid parameter name: use letters, digits, - and _ such as api_key");
            }
            this.queryParameter = once(this.queryParameter, name, "queryParameter");
            return this;
        }

        /**
         * Whether endpoints with no annotation and no matching path rule need a key (default {@code false}: they
         * are open; {@code true}: every endpoint behind the filter needs a key unless it says otherwise).
         */
        public Builder requireByDefault(boolean requireByDefault) {
            this.requireByDefault = once(this.requireByDefault, requireByDefault, "requireByDefault");
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
            if (match == null || scopes == null) {
                throw new IllegalArgumentException("match and scopes must not be null");
            }
            EndpointPolicy policy = EndpointPolicy.require(new LinkedHashSet<>(Arrays.asList(scopes)), match,
                    "path rule " + SafeText.of(pattern));
            VerificationContext.builder().requiredScopes(match, policy.scopes()).build();
            return rule(pattern, policy);
        }

        /** Paths matching {@code pattern} are open (unless a servlet annotation says otherwise). */
        public Builder permit(String pattern) {
            return rule(pattern, EndpointPolicy.permit("path rule " + pattern));
        }

        /** Paths matching {@code pattern} are refused with 403 (unless a servlet annotation says otherwise). */
        public Builder deny(String pattern) {
            return rule(pattern, EndpointPolicy.deny("path rule " + pattern));
        }

        private Builder rule(String pattern, EndpointPolicy policy) {
            PathRule rule = PathRule.of(pattern, policy);
            if (pathRules.stream().anyMatch(existing -> existing.pattern().equals(pattern))) {
                throw new IllegalStateException("a path rule for '" + SafeText.of(pattern) + "' was already given");
            }
            pathRules.add(rule);
            return this;
        }

        /**
         * Whether the key header (and the {@code Authorization} header or query parameter that carried the key) is
         * hidden from the application (default {@code true}).
         */
        public Builder hideKeyFromApplication(boolean hide) {
            this.hideKey = once(this.hideKey, hide, "hideKeyFromApplication");
            return this;
        }

        /** Whether CORS preflight requests pass without a key (default {@code true}; browsers send no credentials on them). */
        public Builder corsPreflightWithoutKey(boolean pass) {
            this.corsPreflightWithoutKey = once(this.corsPreflightWithoutKey, pass, "corsPreflightWithoutKey");
            return this;
        }

        /**
         * Networks of reverse proxies whose {@code Forwarded} / {@code X-Forwarded-For} (and
         * {@code X-Forwarded-Proto}) headers are believed (default: none, the TCP peer is the client).
         */
        public Builder trustedProxies(String... cidrs) {
            if (cidrs == null) {
                throw new IllegalArgumentException("trustedProxies must not be null");
            }
            List<IpNetwork> networks = new ArrayList<>();
            for (String cidr : cidrs) {
                networks.add(IpNetwork.parse(cidr));
            }
            this.trustedProxies = once(this.trustedProxies, List.copyOf(networks), "trustedProxies");
            return this;
        }

        /**
         * Which forwarding headers the trusted proxies set (default {@link ForwardedHeaders#X_FORWARDED_FOR}):
         * only that one is read, never whichever a client sent.
         */
        public Builder forwardedHeaders(ForwardedHeaders headers) {
            this.forwardedHeaders = once(this.forwardedHeaders, headers, "forwardedHeaders");
            return this;
        }

        /** Whether requests needing a key must arrive over HTTPS (default {@code false}); others get 403 {@code https_required}. */
        public Builder requireSecureTransport(boolean require) {
            this.requireSecureTransport = once(this.requireSecureTransport, require, "requireSecureTransport");
            return this;
        }

        /** The realm named in {@code WWW-Authenticate: ApiKey realm="…"} (default {@value ApiKeyFilter#DEFAULT_REALM}). */
        public Builder realm(String realm) {
            if (realm == null || realm.isBlank() || realm.length() > 64
                    || !realm.chars().allMatch(c -> c >= 0x20 && c < 0x7F && c != '"' && c != '\\')) {
                throw new IllegalArgumentException("realm must be 1 to 64 printable ASCII characters without quotes or backslashes");
            }
            this.realm = once(this.realm, realm, "realm");
            return this;
        }

        /** The {@code Retry-After} sent with 503 when the store is unavailable (default 5 s, whole seconds, at least 1 s). */
        public Builder retryAfter(Duration retryAfter) {
            if (retryAfter == null || retryAfter.toSeconds() < 1) {
                throw new IllegalArgumentException("retryAfter must be at least one second, e.g. Duration.ofSeconds(5)");
            }
            this.retryAfter = once(this.retryAfter, retryAfter, "retryAfter");
            return this;
        }

        /** Writes the body of refused requests (default {@link ErrorResponder#problemJson()}). */
        public Builder errorResponder(ErrorResponder errorResponder) {
            this.errorResponder = once(this.errorResponder, errorResponder, "errorResponder");
            return this;
        }

        /**
         * The filter.
         *
         * @throws IllegalStateException if no validator was given, naming how to give one
         */
        public ApiKeyFilter build() {
            if (validator == null) {
                throw new IllegalStateException("ApiKeyFilter needs a KeyValidator: call validator(apiKeys.validator())"
                        + " or apiKeys(apiKeys) on the builder");
            }
            String header = headerName != null ? headerName : DEFAULT_HEADER;
            return new ApiKeyFilter(new FilterSettings(
                    validator,
                    header,
                    authorizationSchemes != null ? authorizationSchemes : Set.of(),
                    queryParameter,
                    requireByDefault != null && requireByDefault,
                    List.copyOf(pathRules),
                    hideKey == null || hideKey,
                    corsPreflightWithoutKey == null || corsPreflightWithoutKey,
                    trustedProxies != null ? trustedProxies : List.of(),
                    forwardedHeaders != null ? forwardedHeaders : ForwardedHeaders.X_FORWARDED_FOR,
                    requireSecureTransport != null && requireSecureTransport,
                    realm != null ? realm : DEFAULT_REALM,
                    retryAfter != null ? Duration.ofSeconds(retryAfter.toSeconds()) : DEFAULT_RETRY_AFTER,
                    errorResponder != null ? errorResponder : ErrorResponder.problemJson(),
                    failedAttemptLimit,
                    FailedAttemptLimiter.ipv6Prefix(failedAttemptIpv6Prefix, failedAttemptLimit)));
        }

        private static <T> T once(T current, T value, String what) {
            if (value == null) {
                throw new IllegalArgumentException(what + " must not be null");
            }
            if (current != null) {
                throw new IllegalStateException(what + " was already set");
            }
            return value;
        }
    }
}
