package dev.apikey.servlet;

import dev.apikey.ApiKeys;
import dev.apikey.HumanDuration;
import dev.apikey.KeyValidator;
import dev.apikey.RateLimit;
import dev.apikey.SafeText;
import dev.apikey.ScopeMatch;
import dev.apikey.http.ApiKeyAuthenticator;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads an {@link ApiKeyFilter}'s configuration from {@code web.xml} init parameters. Every parameter mirrors
 * a builder method; unknown names and bad values fail with a message naming the parameter.
 */
final class InitParameters {

    static final String VALIDATOR_ATTRIBUTE = "validator-attribute";
    static final String VALIDATOR_FACTORY = "validator-factory";
    static final List<String> DEFAULT_ATTRIBUTES = List.of(KeyValidator.class.getName(), ApiKeys.class.getName());
    private static final Set<String> KNOWN = Set.of(
            VALIDATOR_ATTRIBUTE,
            VALIDATOR_FACTORY,
            "header-name",
            "authorization-schemes",
            "query-parameter",
            "require-by-default",
            "hide-key",
            "cors-preflight-without-key",
            "trusted-proxies",
            "forwarded-header",
            "require-secure-transport",
            "realm",
            "retry-after",
            "path-rules",
            "problem-type-base",
            "failed-attempt-limit",
            "failed-attempt-ipv6-prefix");

    private InitParameters() {}

    static ApiKeyFilter.Builder read(FilterConfig config) {
        for (String name : Collections.list(config.getInitParameterNames())) {
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown init parameter '" + SafeText.of(name) + "'; known: "
                        + KNOWN.stream().sorted().toList());
            }
        }
        ApiKeyFilter.Builder builder = ApiKeyFilter.builder().validator(validator(config));
        String value;
        if ((value = config.getInitParameter("header-name")) != null) {
            builder.headerName(value.strip());
        }
        if ((value = config.getInitParameter("authorization-schemes")) != null) {
            builder.authorizationSchemes(
                    list(value).stream().map(AuthorizationScheme::fromToken).toArray(AuthorizationScheme[]::new));
        }
        if ((value = config.getInitParameter("query-parameter")) != null) {
            builder.queryParameter(value.strip());
        }
        if ((value = config.getInitParameter("require-by-default")) != null) {
            builder.requireByDefault(bool("require-by-default", value));
        }
        if ((value = config.getInitParameter("hide-key")) != null) {
            builder.hideKeyFromApplication(bool("hide-key", value));
        }
        if ((value = config.getInitParameter("cors-preflight-without-key")) != null) {
            builder.corsPreflightWithoutKey(bool("cors-preflight-without-key", value));
        }
        if ((value = config.getInitParameter("trusted-proxies")) != null) {
            builder.trustedProxies(list(value).toArray(String[]::new));
        }
        if ((value = config.getInitParameter("forwarded-header")) != null) {
            builder.forwardedHeaders(ForwardedHeaders.fromHeaderName(value));
        }
        if ((value = config.getInitParameter("require-secure-transport")) != null) {
            builder.requireSecureTransport(bool("require-secure-transport", value));
        }
        if ((value = config.getInitParameter("realm")) != null) {
            builder.realm(value.strip());
        }
        if ((value = config.getInitParameter("retry-after")) != null) {
            builder.retryAfter(HumanDuration.parse(value));
        }
        if ((value = config.getInitParameter("problem-type-base")) != null) {
            try {
                builder.errorResponder(ErrorResponder.problemJson(new URI(value.strip())));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("problem-type-base is not a URI: " + e.getMessage());
            }
        }
        if ((value = config.getInitParameter("failed-attempt-limit")) != null) {
            builder.failedAttemptLimit(RateLimit.parse(value));
        }
        if ((value = config.getInitParameter("failed-attempt-ipv6-prefix")) != null) {
            if (config.getInitParameter("failed-attempt-limit") == null) {
                throw new IllegalArgumentException(
                        "failed-attempt-ipv6-prefix has no effect without failed-attempt-limit:"
                                + " set both, or neither");
            }
            builder.failedAttemptIpv6Prefix(prefixLength("failed-attempt-ipv6-prefix", value));
        }
        if ((value = config.getInitParameter("path-rules")) != null) {
            pathRules(builder, value);
        }
        return builder;
    }

    private static KeyValidator validator(FilterConfig config) {
        ServletContext context = config.getServletContext();
        String factory = config.getInitParameter(VALIDATOR_FACTORY);
        String attribute = config.getInitParameter(VALIDATOR_ATTRIBUTE);
        if (factory != null && attribute != null) {
            throw new IllegalArgumentException(
                    "give either " + VALIDATOR_FACTORY + " or " + VALIDATOR_ATTRIBUTE + ", not both");
        }
        if (factory != null) {
            return fromFactory(factory.strip(), context);
        }
        List<String> names = attribute != null ? List.of(attribute.strip()) : DEFAULT_ATTRIBUTES;
        for (String name : names) {
            Object value = context.getAttribute(name);
            if (value instanceof KeyValidator validator) {
                return validator;
            }
            if (value instanceof ApiKeys apiKeys) {
                return apiKeys.validator();
            }
            if (value != null) {
                throw new IllegalArgumentException("servlet context attribute '" + name + "' holds a "
                        + value.getClass().getName() + ", not a KeyValidator or ApiKeys");
            }
        }
        throw new IllegalArgumentException("no KeyValidator found: set the servlet context attribute "
                + (attribute != null
                        ? "'" + SafeText.of(attribute) + "'"
                        : "'" + DEFAULT_ATTRIBUTES.get(0) + "' (or '" + DEFAULT_ATTRIBUTES.get(1) + "')")
                + " to your ApiKeys or KeyValidator before the filter starts"
                + " (e.g. in a ServletContextListener), or name a KeyValidatorFactory in the init parameter "
                + VALIDATOR_FACTORY);
    }

    private static KeyValidator fromFactory(String className, ServletContext context) {
        try {
            ClassLoader loader =
                    context.getClassLoader() != null ? context.getClassLoader() : InitParameters.class.getClassLoader();
            Class<?> type = Class.forName(className, true, loader);
            if (!KeyValidatorFactory.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(VALIDATOR_FACTORY + " class " + className + " does not implement "
                        + KeyValidatorFactory.class.getName());
            }
            KeyValidator validator =
                    ((KeyValidatorFactory) type.getConstructor().newInstance()).create(context);
            if (validator == null) {
                throw new IllegalArgumentException(VALIDATOR_FACTORY + " " + className + " returned null");
            }
            return validator;
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(
                    VALIDATOR_FACTORY + " class " + SafeText.of(className) + " was not found");
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException(
                    VALIDATOR_FACTORY + " class " + className + " needs a public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(
                    VALIDATOR_FACTORY + " " + className + " failed: " + e.getCause(), e.getCause());
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException(VALIDATOR_FACTORY + " " + className + " failed: " + e, e);
        }
    }

    /** Lines (or {@code ;}-separated entries) of {@code <pattern> require [scope ...] [any]}, {@code <pattern> permit}, {@code <pattern> deny}. */
    private static void pathRules(ApiKeyFilter.Builder builder, String text) {
        int number = 0;
        for (String line : text.split("[;\\r\\n]+", -1)) {
            String rule = line.strip();
            if (rule.isEmpty() || rule.startsWith("#")) {
                continue;
            }
            number++;
            List<String> words = new ArrayList<>(Arrays.asList(rule.split("\\s+")));
            if (words.size() < 2) {
                throw new IllegalArgumentException(
                        "path-rules entry " + number + " ('" + SafeText.of(rule)
                                + "') needs a pattern and an access: '/api/* require [scope ...] [any]', '/health permit' or '/internal/* deny'");
            }
            String pattern = words.remove(0);
            String access = words.remove(0).toLowerCase(Locale.ROOT);
            try {
                switch (access) {
                    case "permit" -> {
                        requireNoMore(words);
                        builder.permit(pattern);
                    }
                    case "deny" -> {
                        requireNoMore(words);
                        builder.deny(pattern);
                    }
                    case "require" -> {
                        ScopeMatch match = ScopeMatch.ALL;
                        if (!words.isEmpty() && words.get(words.size() - 1).equalsIgnoreCase("any")) {
                            words.remove(words.size() - 1);
                            match = ScopeMatch.ANY;
                        }
                        builder.requireKey(pattern, match, words.toArray(String[]::new));
                    }
                    default ->
                        throw new IllegalArgumentException(
                                "unknown access '" + SafeText.of(access) + "': use require, permit or deny");
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new IllegalArgumentException("path-rules entry " + number + ": " + e.getMessage());
            }
        }
    }

    private static void requireNoMore(List<String> words) {
        if (!words.isEmpty()) {
            throw new IllegalArgumentException("permit and deny take no scopes");
        }
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList();
    }

    /** {@code 64} or {@code /64}. */
    private static int prefixLength(String name, String value) {
        String digits = value.strip().startsWith("/") ? value.strip().substring(1) : value.strip();
        if (!digits.matches("[0-9]{1,3}")) {
            throw new IllegalArgumentException(
                    name + " must be a prefix length such as 64 or /56, got '" + SafeText.of(value) + "'");
        }
        return ApiKeyAuthenticator.checkFailedAttemptIpv6Prefix(name, Integer.parseInt(digits));
    }

    private static boolean bool(String name, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw new IllegalArgumentException(name + " must be true or false, got '" + SafeText.of(value) + "'");
        };
    }
}
