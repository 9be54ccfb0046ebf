package dev.apikey.jaxrs;

import dev.apikey.ApiKeys;
import dev.apikey.KeyValidator;
import dev.apikey.RateLimit;
import dev.apikey.ScopeMatch;
import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.AuthorizationScheme;
import dev.apikey.http.ForwardedHeaders;
import dev.apikey.http.PathRules;
import dev.apikey.internal.SetOnce;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API-key authentication for Jakarta REST resources, on Jersey, RESTEasy and any other runtime: register it like any
 * {@link Feature} ({@code resourceConfig.register(ApiKeyFeature.of(apiKeys))}, or from
 * {@code Application.getSingletons()}). Every resource method then follows its annotations —
 * {@code @RequireApiKey}, {@code @PermitAll}, {@code @DenyAll}, {@code @RolesAllowed} on the method, else on its class
 * — else the path rules, else the default (open, or a key with {@code requireByDefault(true)}). A request a key
 * authenticated gets a {@code SecurityContext} whose principal is the key's
 * {@link dev.apikey.servlet.ApiKeyPrincipal}, whose roles are its scopes and whose scheme is
 * {@value #AUTHENTICATION_SCHEME}; a refused one is answered by the HTTP layer (status, headers, RFC 9457 problem),
 * as every apikey integration answers.
 */
public final class ApiKeyFeature implements Feature {

    /** {@code SecurityContext.getAuthenticationScheme()} of a request a key authenticated. */
    public static final String AUTHENTICATION_SCHEME = "API_KEY";

    /** The MDC key holding the authenticated key's id while the request is served (as {@code ApiKeyFilter}'s). */
    public static final String MDC_KEY = "apikey.id";

    /**
     * The request property holding the client's TCP peer address ({@code String}): set by the feature itself in a
     * servlet container; on other runtimes (Jersey on Grizzly or the JDK server, RESTEasy on Netty), set it from a
     * {@code @PreMatching} filter of the application. Without it the peer is unknown: trusted proxies are not
     * believed, failed attempts are counted for one "unknown" client.
     */
    public static final String PEER_ADDRESS_PROPERTY = "dev.apikey.jaxrs.peerAddress";

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyFeature.class);

    private final JaxRsSettings settings;

    private ApiKeyFeature(JaxRsSettings settings) {
        this.settings = settings;
    }

    /** A builder; only the validator (or {@code apiKeys}) is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The feature with every default, checking keys with {@code apiKeys}. */
    public static ApiKeyFeature of(ApiKeys apiKeys) {
        return builder().apiKeys(apiKeys).build();
    }

    @Override
    public boolean configure(FeatureContext context) {
        if (context.getConfiguration().getRuntimeType() != RuntimeType.SERVER) {
            return false;
        }
        if (PeerAddress.servletApiPresent()) {
            context.register(new ServletPeerCapture(), Priorities.AUTHENTICATION - 100);
        }
        context.register(new KeyPlacesRemoval(settings.authenticator(), settings.hideKey()), Priorities.AUTHENTICATION);
        context.register(new ResourceMethodBinding(settings));
        context.register(new ResponseDecoration(), Priorities.AUTHENTICATION);
        LOG.info("ApiKeyFeature ready: {}", settings.describe());
        String queryParameter = settings.authenticator().settings().queryParameter();
        if (queryParameter != null) {
            LOG.warn(
                    "ApiKeyFeature reads keys from the query parameter '{}': URLs end up in browser histories, proxy"
                            + " and access logs; prefer the {} header",
                    queryParameter,
                    settings.authenticator().settings().headerName());
        }
        return true;
    }

    @Override
    public String toString() {
        return "ApiKeyFeature[" + settings.describe() + "]";
    }

    /**
     * Builder of {@link ApiKeyFeature}, with the options of the servlet filter's builder. Only the validator is
     * required; every other setting has a default and may be given once. {@link #build()} validates everything and
     * names what is wrong.
     */
    public static final class Builder {
        private final ApiKeyAuthenticator.Builder authenticator = ApiKeyAuthenticator.builder();
        private final PathRules.Builder pathRules = PathRules.builder();
        private boolean validatorGiven;
        private @Nullable Boolean hideKey;
        private @Nullable Boolean corsPreflightWithoutKey;
        private @Nullable String problemTypeBase;

        private Builder() {}

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

        /** The header the key is read from (default {@value ApiKeyAuthenticator#DEFAULT_HEADER}). */
        public Builder headerName(String headerName) {
            authenticator.headerName(headerName);
            return this;
        }

        /** Also accept the key in {@code Authorization: ApiKey <key>} and/or {@code Bearer <key>} (default: neither). */
        public Builder authorizationSchemes(AuthorizationScheme... schemes) {
            authenticator.authorizationSchemes(schemes);
            return this;
        }

        /**
         * Also accept the key in this query parameter (default: off). Discouraged — URLs are logged by proxies and kept
         * in browser histories — and warned about at start-up.
         */
        public Builder queryParameter(String name) {
            authenticator.queryParameter(name);
            return this;
        }

        /** Whether resource methods with no annotation and no matching path rule need a key (default {@code false}). */
        public Builder requireByDefault(boolean requireByDefault) {
            pathRules.requireByDefault(requireByDefault);
            return this;
        }

        /**
         * Paths matching {@code pattern} ({@code /exact}, {@code /prefix/*}, {@code *.ext}; relative to the
         * application's base URI) need a key holding all of {@code scopes} (none: any valid key). Annotations take
         * precedence; the most specific matching rule applies.
         */
        public Builder requireKey(String pattern, String... scopes) {
            return requireKey(pattern, ScopeMatch.ALL, scopes);
        }

        /** Paths matching {@code pattern} need a key holding all or any of {@code scopes}. */
        public Builder requireKey(String pattern, ScopeMatch match, String... scopes) {
            pathRules.requireKey(pattern, match, scopes);
            return this;
        }

        /** Paths matching {@code pattern} are open (unless an annotation says otherwise). */
        public Builder permit(String pattern) {
            pathRules.permit(pattern);
            return this;
        }

        /** Paths matching {@code pattern} are refused with 403 (unless an annotation says otherwise). */
        public Builder deny(String pattern) {
            pathRules.deny(pattern);
            return this;
        }

        /**
         * Whether the key header (and the {@code Authorization} header or query parameter that carried the key) is
         * hidden from resources (default {@code true}).
         */
        public Builder hideKeyFromApplication(boolean hide) {
            this.hideKey = SetOnce.set(this.hideKey, hide, "hideKeyFromApplication");
            return this;
        }

        /**
         * Whether CORS preflights reach an unannotated {@code @OPTIONS} resource method without a key (default
         * {@code true}; browsers send no credentials on them).
         */
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

        /** Which forwarding header the trusted proxies set (default {@code X-Forwarded-For}); only that one is read. */
        public Builder forwardedHeaders(ForwardedHeaders headers) {
            authenticator.forwardedHeaders(headers);
            return this;
        }

        /** Whether requests needing a key must arrive over HTTPS (default {@code false}); others get 403. */
        public Builder requireSecureTransport(boolean require) {
            authenticator.requireSecureTransport(require);
            return this;
        }

        /** The realm named in {@code WWW-Authenticate: ApiKey realm="…"} (default {@value ApiKeyAuthenticator#DEFAULT_REALM}). */
        public Builder realm(String realm) {
            authenticator.realm(realm);
            return this;
        }

        /** The {@code Retry-After} sent with 503 when the store is unavailable (default 5 s). */
        public Builder retryAfter(Duration retryAfter) {
            authenticator.retryAfter(retryAfter);
            return this;
        }

        /**
         * Refuses a client with 429 {@code too_many_failed_attempts} once it sent this many requests with a missing or
         * invalid key in the window, e.g. {@code RateLimit.parse("20/1m")} (default: off).
         */
        public Builder failedAttemptLimit(RateLimit limit) {
            authenticator.failedAttemptLimit(limit);
            return this;
        }

        /** How many leading bits of an IPv6 address make one client for {@link #failedAttemptLimit} (default 64). */
        public Builder failedAttemptIpv6Prefix(int prefixLength) {
            authenticator.failedAttemptIpv6Prefix(prefixLength);
            return this;
        }

        /**
         * Problem details whose {@code type} is {@code typeBase} followed by the code, e.g.
         * {@code https://api.example.com/problems/invalid_api_key} (default {@code about:blank}).
         */
        public Builder problemTypeBase(URI typeBase) {
            if (typeBase == null || !typeBase.isAbsolute()) {
                throw new IllegalArgumentException(
                        "problemTypeBase must be an absolute URI such as https://api.example.com/problems/");
            }
            this.problemTypeBase = SetOnce.set(this.problemTypeBase, typeBase.toString(), "problemTypeBase");
            return this;
        }

        /**
         * The feature.
         *
         * @throws IllegalStateException if no validator was given, naming how to give one
         */
        public ApiKeyFeature build() {
            if (!validatorGiven) {
                throw new IllegalStateException(
                        "ApiKeyFeature needs a KeyValidator: call validator(apiKeys.validator())"
                                + " or apiKeys(apiKeys) on the builder");
            }
            return new ApiKeyFeature(new JaxRsSettings(
                    authenticator.build(),
                    pathRules.build(),
                    hideKey == null || hideKey,
                    corsPreflightWithoutKey == null || corsPreflightWithoutKey,
                    problemTypeBase));
        }
    }
}
