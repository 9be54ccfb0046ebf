package dev.apikey.servlet;

/**
 * A path pattern and the policy of the paths it matches, in servlet-mapping syntax: an exact path
 * ({@code /health}), a prefix ({@code /api/*}, which also matches {@code /api}) or an extension
 * ({@code *.json}). Paths are the request's servlet path plus path info: decoded and normalised by the
 * container, without the context path.
 */
record PathRule(String pattern, EndpointPolicy policy) {

    enum Kind { EXACT, PREFIX, EXTENSION }

    PathRule {
        kindOf(pattern);
    }

    static Kind kindOf(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("a path pattern must not be blank: write /exact, /prefix/* or *.extension");
        }
        if (pattern.startsWith("*.") && pattern.length() > 2 && pattern.indexOf('/') < 0 && pattern.indexOf('*', 1) < 0) {
            return Kind.EXTENSION;
        }
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("path pattern '" + SafeText.of(pattern)
                    + "' must start with / (or be *.extension), e.g. /api/*");
        }
        if (pattern.endsWith("/*") && pattern.indexOf('*') == pattern.length() - 1) {
            return Kind.PREFIX;
        }
        if (pattern.indexOf('*') >= 0) {
            throw new IllegalArgumentException("path pattern '" + SafeText.of(pattern)
                    + "' may use * only as /prefix/* or *.extension");
        }
        return Kind.EXACT;
    }

    Kind kind() {
        return kindOf(pattern);
    }

    /** How well this rule matches {@code path}: -1 when it does not, higher is more specific. */
    int specificity(String path) {
        return switch (kind()) {
            case EXACT -> pattern.equals(path) ? Integer.MAX_VALUE : -1;
            case PREFIX -> {
                String prefix = pattern.substring(0, pattern.length() - 2);
                boolean matches = prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/");
                yield matches ? 1_000 + prefix.length() : -1;
            }
            case EXTENSION -> {
                int slash = path.lastIndexOf('/');
                yield path.substring(slash + 1).endsWith(pattern.substring(1)) ? 1 : -1;
            }
        };
    }
}
