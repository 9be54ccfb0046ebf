package dev.apikey.spring;

import dev.apikey.http.ApiKeyAuthenticator;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Settings under {@code apikey.*}: where keys are read, what unannotated endpoints need, proxies, limits and how keys
 * are made. Every value is checked at start-up; a bad one stops the application with a message naming it.
 */
@ConfigurationProperties("apikey")
public class ApiKeyProperties {

    /** Whether endpoints without an annotation or path rule need a key. */
    private boolean requireByDefault;

    /** The header keys are read from. */
    private String headerName = ApiKeyAuthenticator.DEFAULT_HEADER;

    /** Authorization schemes keys are also read from: ApiKey, Bearer. */
    private List<String> authorizationSchemes = new ArrayList<>();

    /** A query parameter keys are also read from (discouraged: URLs are logged). */
    private String queryParameter;

    /** Proxies (addresses or CIDR networks) whose forwarding headers are believed. */
    private List<String> trustedProxies = new ArrayList<>();

    /** Which forwarding header the trusted proxies set: X-Forwarded-For or Forwarded. */
    private String forwardedHeaders = "X-Forwarded-For";

    /** Whether keys must arrive over HTTPS (403 https_required otherwise). */
    private boolean requireSecureTransport;

    /** The realm of WWW-Authenticate. */
    private String realm = ApiKeyAuthenticator.DEFAULT_REALM;

    /** The Retry-After of a 503 when the key store is unavailable. */
    private Duration retryAfter = ApiKeyAuthenticator.DEFAULT_RETRY_AFTER;

    /** Failed attempts (missing or invalid keys) per client address before 429, e.g. 10/1m; empty: no limit. */
    private String failedAttemptLimit;

    /** The IPv6 prefix length that counts as one client for the failed-attempt limit. */
    private Integer failedAttemptIpv6Prefix;

    /** Path rules for endpoints without annotations, first match wins. */
    private List<PathRuleProperties> pathRules = new ArrayList<>();

    /** The prefix of issued keys, e.g. ak (ak_...). */
    private String prefix;

    /** The secret pepper keys are hashed with (HMAC-SHA-256); set it from the environment (APIKEY_PEPPER). */
    private String pepper;

    /** Where keys are kept. */
    @NestedConfigurationProperty
    private final ApiKeyStoreProperties store = new ApiKeyStoreProperties();

    /** Verification metrics (Micrometer). */
    private final Metrics metrics = new Metrics();

    /** Settings under {@code apikey.metrics.*}. */
    public static class Metrics {
        /** Whether verification metrics carry the key's id as a tag (one time series per key). */
        private boolean keyIdTag;

        public boolean isKeyIdTag() {
            return keyIdTag;
        }

        public void setKeyIdTag(boolean keyIdTag) {
            this.keyIdTag = keyIdTag;
        }
    }

    /** Whether the places a key was sent (header, Authorization, query parameter) are hidden from the application. */
    private boolean hideKeyFromApplication = true;

    /** Whether CORS preflight requests pass without a key (browsers send no credentials on them). */
    private boolean corsPreflightWithoutKey = true;

    /** How often key usage (last used, use count) is written to the store; 0 writes at once. */
    private Duration usageFlushInterval = Duration.ofSeconds(10);

    /** The base of the problem type URIs (https://api.example.com/problems/ + code); empty: about:blank. */
    private URI problemTypeBase;

    /** One path rule: a pattern (/admin/*), what it needs and, for require, the scopes. */
    public static class PathRuleProperties {
        /** The path pattern: an exact path or a prefix ending in /*. */
        private String pattern;

        /** require, permit or deny. */
        private String access = "require";

        /** The scopes a key needs, for require. */
        private List<String> scopes = new ArrayList<>();

        public String getPattern() {
            return pattern;
        }

        public void setPattern(String pattern) {
            this.pattern = pattern;
        }

        public String getAccess() {
            return access;
        }

        public void setAccess(String access) {
            this.access = access;
        }

        public List<String> getScopes() {
            return scopes;
        }

        public void setScopes(List<String> scopes) {
            this.scopes = scopes;
        }
    }

    public boolean isRequireByDefault() {
        return requireByDefault;
    }

    public void setRequireByDefault(boolean requireByDefault) {
        this.requireByDefault = requireByDefault;
    }

    public String getHeaderName() {
        return headerName;
    }

    public void setHeaderName(String headerName) {
        this.headerName = headerName;
    }

    public List<String> getAuthorizationSchemes() {
        return authorizationSchemes;
    }

    public void setAuthorizationSchemes(List<String> authorizationSchemes) {
        this.authorizationSchemes = authorizationSchemes;
    }

    public String getQueryParameter() {
        return queryParameter;
    }

    public void setQueryParameter(String queryParameter) {
        this.queryParameter = queryParameter;
    }

    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public String getForwardedHeaders() {
        return forwardedHeaders;
    }

    public void setForwardedHeaders(String forwardedHeaders) {
        this.forwardedHeaders = forwardedHeaders;
    }

    public boolean isRequireSecureTransport() {
        return requireSecureTransport;
    }

    public void setRequireSecureTransport(boolean requireSecureTransport) {
        this.requireSecureTransport = requireSecureTransport;
    }

    public String getRealm() {
        return realm;
    }

    public void setRealm(String realm) {
        this.realm = realm;
    }

    public Duration getRetryAfter() {
        return retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    public String getFailedAttemptLimit() {
        return failedAttemptLimit;
    }

    public void setFailedAttemptLimit(String failedAttemptLimit) {
        this.failedAttemptLimit = failedAttemptLimit;
    }

    public Integer getFailedAttemptIpv6Prefix() {
        return failedAttemptIpv6Prefix;
    }

    public void setFailedAttemptIpv6Prefix(Integer failedAttemptIpv6Prefix) {
        this.failedAttemptIpv6Prefix = failedAttemptIpv6Prefix;
    }

    public List<PathRuleProperties> getPathRules() {
        return pathRules;
    }

    public void setPathRules(List<PathRuleProperties> pathRules) {
        this.pathRules = pathRules;
    }

    public String getPrefix() {
        return prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    public String getPepper() {
        return pepper;
    }

    public void setPepper(String pepper) {
        this.pepper = pepper;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public ApiKeyStoreProperties getStore() {
        return store;
    }

    public boolean isHideKeyFromApplication() {
        return hideKeyFromApplication;
    }

    public void setHideKeyFromApplication(boolean hideKeyFromApplication) {
        this.hideKeyFromApplication = hideKeyFromApplication;
    }

    public boolean isCorsPreflightWithoutKey() {
        return corsPreflightWithoutKey;
    }

    public void setCorsPreflightWithoutKey(boolean corsPreflightWithoutKey) {
        this.corsPreflightWithoutKey = corsPreflightWithoutKey;
    }

    public Duration getUsageFlushInterval() {
        return usageFlushInterval;
    }

    public void setUsageFlushInterval(Duration usageFlushInterval) {
        this.usageFlushInterval = usageFlushInterval;
    }

    public URI getProblemTypeBase() {
        return problemTypeBase;
    }

    public void setProblemTypeBase(URI problemTypeBase) {
        this.problemTypeBase = problemTypeBase;
    }

    /** Never shows the pepper. */
    @Override
    public String toString() {
        return "ApiKeyProperties[headerName=" + headerName + ", requireByDefault=" + requireByDefault + ", pepper="
                + (pepper == null ? "unset" : "(set)") + "]";
    }
}
