package dev.apikey.http;

import dev.apikey.ApiKeys;
import dev.apikey.IpNetwork;
import dev.apikey.KeyValidator;
import dev.apikey.LimitStatus;
import dev.apikey.RateLimit;
import dev.apikey.SafeText;
import dev.apikey.Verification;
import dev.apikey.VerificationContext;
import dev.apikey.internal.SetOnce;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides requests, framework-neutral: built once from the settings (where keys are read, trusted proxies, the
 * secure-transport rule, the failed-attempt limiter, realm, {@code Retry-After}), it answers each request with
 * {@link Decision.Allowed} or {@link Decision.Refused}. Every status, header and problem an integration sends comes
 * from here. Thread-safe.
 *
 * <pre>{@code
 * ApiKeyAuthenticator authenticator = ApiKeyAuthenticator.builder().apiKeys(apiKeys).build();
 * Decision decision = authenticator.decide(requestView, requirement);
 * }</pre>
 */
public final class ApiKeyAuthenticator {

    /** The header the key is read from by default. */
    public static final String DEFAULT_HEADER = "X-API-Key";
    /** The realm named in {@code WWW-Authenticate} by default. */
    public static final String DEFAULT_REALM = "api";
    /** The {@code Retry-After} of a 503 by default. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);
    /** How many counting clients, and separately how many blocked ones, the failed-attempt limiter remembers at most. */
    public static final int MAX_TRACKED_ADDRESSES = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyAuthenticator.class);
    private static final Pattern HEADER_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    /** Reasons that count as a failed attempt: no key, or one that is not a valid key. */
    private static final Set<Verification.Reason> COUNTED_FAILURES = EnumSet.of(
            Verification.Reason.MISSING,
            Verification.Reason.MALFORMED,
            Verification.Reason.UNKNOWN,
            Verification.Reason.REVOKED);

    private final AuthenticatorSettings settings;
    private final KeyExtractor extractor;
    private final ClientAddressResolver addresses;
    private final @Nullable FailedAttemptLimiter failures;
    private final PresentedSources sources;
    private final AtomicBoolean warnedUnknownPeer = new AtomicBoolean();

    private ApiKeyAuthenticator(AuthenticatorSettings settings) {
        this.settings = settings;
        this.extractor =
                new KeyExtractor(settings.headerName(), settings.authorizationSchemes(), settings.queryParameter());
        this.addresses = new ClientAddressResolver(settings.trustedProxies(), settings.forwardedHeaders());
        this.failures = FailedAttemptLimiter.of(
                settings.failedAttemptLimit(), settings.failedAttemptIpv6Prefix(), MAX_TRACKED_ADDRESSES);
        this.sources = new PresentedSources(settings);
    }

    /** A builder; only the validator is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The decision for {@code request} to an endpoint requiring {@code requirement}: {@code DENY} is refused
     * (403 {@code forbidden}); {@code PERMIT} is allowed without a key (noting where keys were sent, to hide them);
     * {@code REQUIRE} needs a valid key holding the scopes, read from the request and verified (a validator that
     * fails or throws is a 503: never let through).
     */
    public Decision decide(HttpRequestView request, EndpointRequirement requirement) {
        return switch (requirement.access()) {
            case DENY -> new Decision.Refused(forbidden());
            case PERMIT -> new Decision.Allowed(Optional.empty(), Optional.empty(), Map.of(), presented(request));
            case REQUIRE -> authenticate(request, requirement);
        };
    }

    private Decision authenticate(HttpRequestView request, EndpointRequirement requirement) {
        if (settings.requireSecureTransport() && !addresses.isSecure(request)) {
            return new Decision.Refused(complete(Refusal.httpsRequired(), Optional.empty(), Optional.empty()));
        }
        Optional<InetAddress> client = addresses.resolve(request);
        if (failures != null
                && !warnedUnknownPeer.get()
                && request.peerAddress() == null
                && !warnedUnknownPeer.getAndSet(true)) {
            LOG.warn("apikey: failedAttemptLimit is on but the integration cannot see the client's address (no peer"
                    + " address): every such request counts as one \"unknown\" client, so one client's failures lock"
                    + " out all of them. Give the integration the peer address (JAX-RS outside a servlet container:"
                    + " ApiKeyFeature.PEER_ADDRESS_PROPERTY) or turn failedAttemptLimit off");
        }
        if (failures != null) {
            Optional<Duration> blocked = failures.blocked(client, System.nanoTime());
            if (blocked.isPresent()) {
                return new Decision.Refused(complete(Refusal.tooManyFailures(), Optional.empty(), blocked));
            }
        }
        PresentedKey presented = extractor.extract(request);
        if (presented.ambiguous()) {
            return new Decision.Refused(complete(Refusal.ambiguous(), Optional.empty(), Optional.empty()));
        }
        VerificationContext context = VerificationContext.builder()
                .clientAddress(client.orElse(null))
                .requiredScopes(requirement.match(), requirement.scopes())
                .request(request.method(), request.path())
                .cost(requirement.cost())
                .build();
        Verification verification = verify(presented.key(), context);
        if (!(verification instanceof Verification.Valid valid)) {
            Verification.Reason reason = ((Verification.Rejected) verification).reason();
            if (failures != null && COUNTED_FAILURES.contains(reason)) {
                failures.failed(client, System.nanoTime());
            }
            return new Decision.Refused(complete(
                    Refusal.of(reason, settings.headerName(), requirement.scopes()),
                    verification.limits(),
                    verification.limits().flatMap(LimitStatus::retryAfter)));
        }
        Map<String, String> headers = Map.of();
        if (valid.limits().isPresent()) {
            headers = new LinkedHashMap<>();
            ResponseHeaders.limitFields(headers, valid.limits().get());
        }
        return new Decision.Allowed(Optional.of(valid.apiKey()), valid.limits(), headers, sources.of(presented));
    }

    private Verification verify(@Nullable String key, VerificationContext context) {
        Verification verification;
        try {
            verification = settings.validator().verify(key, context);
        } catch (RuntimeException | LinkageError e) {
            LOG.error(
                    "the KeyValidator {} threw instead of answering; refusing the request (fail closed): {}",
                    settings.validator().getClass().getName(),
                    e.toString());
            verification = null;
        }
        return verification != null ? verification : new Verification.Rejected(Verification.Reason.STORE_UNAVAILABLE);
    }

    /** Where {@code request} carried a key (to hide each place from the handler), whether or not it is valid. */
    public KeySources presented(HttpRequestView request) {
        return sources.of(extractor.extract(request));
    }

    /** 403 {@code forbidden}: an endpoint denied to everyone, or one whose requirement cannot be told. */
    public Refusal forbidden() {
        return complete(Refusal.forbidden(), Optional.empty(), Optional.empty());
    }

    /** 403 {@code insufficient_scope} for a key already verified (on an earlier dispatch) that lacks the scopes. */
    public Refusal insufficientScope(EndpointRequirement requirement) {
        return complete(
                Refusal.of(Verification.Reason.INSUFFICIENT_SCOPE, settings.headerName(), requirement.scopes()),
                Optional.empty(),
                Optional.empty());
    }

    /** 503 {@code auth_unavailable}: keys cannot be checked now (an integration not ready, or stopped). */
    public Refusal unavailable() {
        return complete(
                Refusal.of(Verification.Reason.STORE_UNAVAILABLE, settings.headerName(), Set.of()),
                Optional.empty(),
                Optional.empty());
    }

    /**
     * 503 {@code auth_unavailable} with the default realm and {@code Retry-After}, for an integration that is not
     * configured yet and so has no authenticator to ask.
     */
    public static Refusal defaultUnavailable() {
        return ResponseHeaders.refusal(
                Refusal.of(Verification.Reason.STORE_UNAVAILABLE, DEFAULT_HEADER, Set.of()),
                DEFAULT_REALM,
                DEFAULT_RETRY_AFTER,
                Optional.empty(),
                Optional.empty());
    }

    /**
     * Whether {@code request} arrived over HTTPS as these settings read it: over a TLS connection, or through a trusted
     * proxy whose forwarding header ({@code X-Forwarded-Proto}, or {@code proto} of {@code Forwarded}) says
     * {@code https}. What an integration answers for "is the connection secure" once a key authenticated the request.
     */
    public boolean isSecure(HttpRequestView request) {
        return addresses.isSecure(request);
    }

    /** Whether {@code request} is a CORS preflight: {@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}. */
    public static boolean isCorsPreflight(HttpRequestView request) {
        return "OPTIONS".equals(request.method())
                && request.header("Origin") != null
                && request.header("Access-Control-Request-Method") != null;
    }

    /**
     * {@code prefixLength} if it is an IPv6 prefix length the failed-attempt limiter can group clients by (1-128), for
     * an integration reading it from its own configuration.
     *
     * @param settingName how the user wrote the setting, named in the error
     * @throws IllegalArgumentException saying what is allowed
     */
    public static int checkFailedAttemptIpv6Prefix(String settingName, int prefixLength) {
        return FailedAttemptLimiter.checkIpv6Prefix(settingName, prefixLength);
    }

    /** The settings, for the start-up log of the integration; never a secret. */
    public AuthenticatorSettings settings() {
        return settings;
    }

    private Refusal complete(Refusal bare, Optional<LimitStatus> limits, Optional<Duration> retryAfter) {
        return ResponseHeaders.refusal(bare, settings.realm(), settings.retryAfter(), limits, retryAfter);
    }

    @Override
    public String toString() {
        return "ApiKeyAuthenticator[" + settings.describe() + "]";
    }

    /**
     * Builder of {@link ApiKeyAuthenticator}. Only the validator is required; every other setting has a default and
     * may be given once. {@link #build()} validates everything and names what is wrong.
     */
    public static final class Builder {
        private @Nullable KeyValidator validator;
        private @Nullable String headerName;
        private @Nullable Set<AuthorizationScheme> authorizationSchemes;
        private @Nullable String queryParameter;
        private @Nullable List<IpNetwork> trustedProxies;
        private @Nullable ForwardedHeaders forwardedHeaders;
        private @Nullable Boolean requireSecureTransport;
        private @Nullable String realm;
        private @Nullable Duration retryAfter;
        private @Nullable RateLimit failedAttemptLimit;
        private @Nullable Integer failedAttemptIpv6Prefix;

        private Builder() {}

        /** The validator keys are checked with, e.g. {@code apiKeys.validator()}. Required. */
        public Builder validator(KeyValidator validator) {
            this.validator = SetOnce.set(this.validator, validator, "validator");
            return this;
        }

        /** Shorthand for {@code validator(apiKeys.validator())}. */
        public Builder apiKeys(ApiKeys apiKeys) {
            if (apiKeys == null) {
                throw new IllegalArgumentException("apiKeys must not be null");
            }
            return validator(apiKeys.validator());
        }

        /** The header the key is read from (default {@value ApiKeyAuthenticator#DEFAULT_HEADER}). */
        public Builder headerName(String headerName) {
            if (headerName == null || !HEADER_TOKEN.matcher(headerName).matches()) {
                throw new IllegalArgumentException("headerName " + SafeText.of(headerName)
                        + " is not a valid HTTP header name: use letters, digits and - such as X-API-Key");
            }
            this.headerName = SetOnce.set(this.headerName, headerName, "headerName");
            return this;
        }

        /** Also accept the key in {@code Authorization: ApiKey <key>} and/or {@code Bearer <key>} (default: neither). */
        public Builder authorizationSchemes(AuthorizationScheme... schemes) {
            if (schemes == null || Arrays.asList(schemes).contains(null)) {
                throw new IllegalArgumentException("authorizationSchemes must not be null or contain null");
            }
            Set<AuthorizationScheme> set = schemes.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(schemes));
            this.authorizationSchemes = SetOnce.set(this.authorizationSchemes, set, "authorizationSchemes");
            return this;
        }

        /** Also accept the key in this query parameter (default: off; discouraged: URLs are logged and kept). */
        public Builder queryParameter(String name) {
            if (name == null || !HEADER_TOKEN.matcher(name).matches()) {
                throw new IllegalArgumentException("queryParameter " + SafeText.of(name)
                        + " is not a valid parameter name: use letters, digits, - and _ such as api_key");
            }
            this.queryParameter = SetOnce.set(this.queryParameter, name, "queryParameter");
            return this;
        }

        /** Networks of reverse proxies whose forwarding headers are believed (default: none, the TCP peer is the client). */
        public Builder trustedProxies(String... cidrs) {
            if (cidrs == null) {
                throw new IllegalArgumentException("trustedProxies must not be null");
            }
            List<IpNetwork> networks = new ArrayList<>();
            for (String cidr : cidrs) {
                networks.add(IpNetwork.parse(cidr));
            }
            this.trustedProxies = SetOnce.set(this.trustedProxies, List.copyOf(networks), "trustedProxies");
            return this;
        }

        /** Which forwarding headers the trusted proxies set (default {@link ForwardedHeaders#X_FORWARDED_FOR}). */
        public Builder forwardedHeaders(ForwardedHeaders headers) {
            this.forwardedHeaders = SetOnce.set(this.forwardedHeaders, headers, "forwardedHeaders");
            return this;
        }

        /** Whether requests needing a key must arrive over HTTPS (default {@code false}); others get 403 {@code https_required}. */
        public Builder requireSecureTransport(boolean require) {
            this.requireSecureTransport = SetOnce.set(this.requireSecureTransport, require, "requireSecureTransport");
            return this;
        }

        /** The realm named in {@code WWW-Authenticate: ApiKey realm="…"} (default {@value ApiKeyAuthenticator#DEFAULT_REALM}). */
        public Builder realm(String realm) {
            if (realm == null
                    || realm.isBlank()
                    || realm.length() > 64
                    || !realm.chars().allMatch(c -> c >= 0x20 && c < 0x7F && c != '"' && c != '\\')) {
                throw new IllegalArgumentException(
                        "realm must be 1 to 64 printable ASCII characters without quotes or backslashes");
            }
            this.realm = SetOnce.set(this.realm, realm, "realm");
            return this;
        }

        /** The {@code Retry-After} sent with 503 when the store is unavailable (default 5 s, whole seconds, at least 1 s). */
        public Builder retryAfter(Duration retryAfter) {
            if (retryAfter == null || retryAfter.toSeconds() < 1) {
                throw new IllegalArgumentException(
                        "retryAfter must be at least one second, e.g. Duration.ofSeconds(5)");
            }
            this.retryAfter = SetOnce.set(this.retryAfter, retryAfter, "retryAfter");
            return this;
        }

        /**
         * Refuses a client with 429 {@code too_many_failed_attempts} once it sent this many requests with a missing or
         * invalid key in the window, e.g. {@code RateLimit.parse("20/1m")} (default: off).
         */
        public Builder failedAttemptLimit(RateLimit limit) {
            this.failedAttemptLimit = SetOnce.set(this.failedAttemptLimit, limit, "failedAttemptLimit");
            return this;
        }

        /** How many leading bits of an IPv6 address make one client for {@link #failedAttemptLimit} (1-128, default 64). */
        public Builder failedAttemptIpv6Prefix(int prefixLength) {
            this.failedAttemptIpv6Prefix = SetOnce.set(
                    this.failedAttemptIpv6Prefix,
                    FailedAttemptLimiter.checkIpv6Prefix(prefixLength),
                    "failedAttemptIpv6Prefix");
            return this;
        }

        /**
         * The authenticator.
         *
         * @throws IllegalStateException if no validator was given, naming how to give one
         */
        public ApiKeyAuthenticator build() {
            if (validator == null) {
                throw new IllegalStateException("an API key authenticator needs a KeyValidator: call"
                        + " validator(apiKeys.validator()) or apiKeys(apiKeys) on the builder");
            }
            return new ApiKeyAuthenticator(new AuthenticatorSettings(
                    validator,
                    headerName != null ? headerName : DEFAULT_HEADER,
                    authorizationSchemes != null ? authorizationSchemes : Set.of(),
                    queryParameter,
                    trustedProxies != null ? trustedProxies : List.of(),
                    forwardedHeaders != null ? forwardedHeaders : ForwardedHeaders.X_FORWARDED_FOR,
                    requireSecureTransport != null && requireSecureTransport,
                    realm != null ? realm : DEFAULT_REALM,
                    retryAfter != null ? Duration.ofSeconds(retryAfter.toSeconds()) : DEFAULT_RETRY_AFTER,
                    failedAttemptLimit,
                    FailedAttemptLimiter.ipv6Prefix(failedAttemptIpv6Prefix, failedAttemptLimit)));
        }
    }
}
