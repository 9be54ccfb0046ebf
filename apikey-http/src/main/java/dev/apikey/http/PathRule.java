package dev.apikey.http;

import dev.apikey.SafeText;

/**
 * A path pattern and the policy of the paths it matches: an exact path ({@code /health}, also matching
 * {@code /health/}), a prefix ({@code /api/*}, which also matches {@code /api}; {@code /*} matches everything)
 * or an extension ({@code *.json}). Paths are {@link HttpRequestView#path()}s: decoded and
 * normalised by the container, without the context path.
 *
 * @param pattern the pattern as written
 * @param policy  what matching paths require
 * @param kind    the pattern's kind
 * @param stem    the exact path, the prefix without {@code /*}, or the extension with its dot
 */
record PathRule(String pattern, EndpointRequirement policy, Kind kind, String stem) {

    enum Kind {
        EXACT,
        PREFIX,
        EXTENSION
    }

    static PathRule of(String pattern, EndpointRequirement policy) {
        Kind kind = kindOf(pattern);
        String stem = switch (kind) {
            case EXACT -> pattern;
            case PREFIX -> pattern.substring(0, pattern.length() - 2);
            case EXTENSION -> pattern.substring(1);
        };
        return new PathRule(pattern, policy, kind, stem);
    }

    private static Kind kindOf(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException(
                    "a path pattern must not be blank: write /exact, /prefix/* or *.extension");
        }
        if (pattern.startsWith("*.")
                && pattern.length() > 2
                && pattern.indexOf('/') < 0
                && pattern.indexOf('*', 1) < 0) {
            return Kind.EXTENSION;
        }
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException(
                    "path pattern '" + SafeText.of(pattern) + "' must start with / (or be *.extension), e.g. /api/*");
        }
        if (pattern.endsWith("/*") && pattern.indexOf('*') == pattern.length() - 1) {
            return Kind.PREFIX;
        }
        if (pattern.indexOf('*') >= 0) {
            throw new IllegalArgumentException(
                    "path pattern '" + SafeText.of(pattern) + "' may use * only as /prefix/* or *.extension");
        }
        return Kind.EXACT;
    }

    /** How well this rule matches {@code path}: -1 when it does not, higher is more specific. */
    int specificity(String path) {
        return switch (kind) {
            case EXACT ->
                path.equals(stem)
                                || (path.length() == stem.length() + 1
                                        && path.startsWith(stem)
                                        && path.charAt(stem.length()) == '/')
                        ? Integer.MAX_VALUE
                        : -1;
            case PREFIX ->
                stem.isEmpty()
                                || (path.startsWith(stem)
                                        && (path.length() == stem.length() || path.charAt(stem.length()) == '/'))
                        ? 1_000 + stem.length()
                        : -1;
            case EXTENSION -> path.endsWith(stem) && path.lastIndexOf('/') < path.length() - stem.length() ? 1 : -1;
        };
    }

    /**
     * Whether this rule matches every path of the servlet mapping {@code mapping} ({@code /}, {@code /*},
     * {@code /prefix/*}, {@code /exact}, {@code *.ext}, or the empty string for the context root).
     */
    boolean covers(String mapping) {
        if (kind == Kind.PREFIX && stem.isEmpty()) {
            return true;
        }
        if (mapping.isEmpty() || mapping.equals("/") || mapping.equals("/*")) {
            return false;
        }
        if (mapping.startsWith("*.")) {
            return kind == Kind.EXTENSION && stem.equals(mapping.substring(1));
        }
        if (mapping.endsWith("/*")) {
            String prefix = mapping.substring(0, mapping.length() - 2);
            return kind == Kind.PREFIX && (prefix.equals(stem) || prefix.startsWith(stem + "/"));
        }
        return specificity(mapping) >= 0;
    }
}
