package dev.apikey.http;

import dev.apikey.SafeText;
import dev.apikey.ScopeMatch;
import dev.apikey.VerificationContext;
import dev.apikey.internal.SetOnce;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a path requires when its handler's annotations say nothing: the most specific matching rule (an exact path
 * beats the longest prefix, which beats an extension), else the default (open, or a key with
 * {@code requireByDefault}). Immutable and thread-safe; built once from configuration.
 */
public final class PathRules {

    private final List<PathRule> rules;
    private final EndpointRequirement defaultRequirement;

    private PathRules(List<PathRule> rules, boolean requireByDefault) {
        this.rules = List.copyOf(rules);
        this.defaultRequirement = requireByDefault
                ? EndpointRequirement.require(Set.of(), ScopeMatch.ALL, "default policy: requireByDefault(true)")
                : EndpointRequirement.permit("default policy: requireByDefault(false)");
    }

    /** A builder; without rules and {@code requireByDefault} every path is open. */
    public static Builder builder() {
        return new Builder();
    }

    /** What {@code path} requires: the annotations' answer if any, else the most specific rule, else the default. */
    public EndpointRequirement resolve(Optional<EndpointRequirement> annotated, String path) {
        return annotated.isPresent() ? annotated.get() : resolve(path);
    }

    /**
     * What {@code path} requires by the rules, else the default (annotations aside). A path not in canonical form
     * ({@code //admin/x}, {@code /public/../admin/x}) that a different rule governs than its canonical form is denied:
     * a framework that matches the path as sent and a file server that reads it cleaned up would otherwise disagree
     * on what it names.
     */
    public EndpointRequirement resolve(String path) {
        PathRule asSent = bestRule(path);
        String canonical = CanonicalPath.of(path);
        if (!canonical.equals(path) && bestRule(canonical) != asSent) {
            return EndpointRequirement.deny("path rules: " + SafeText.of(path)
                    + " is not in canonical form and its canonical form has another rule; send "
                    + SafeText.of(canonical));
        }
        return asSent == null ? defaultRequirement : asSent.policy();
    }

    private @Nullable PathRule bestRule(String path) {
        PathRule best = null;
        int bestSpecificity = -1;
        for (PathRule rule : rules) {
            int specificity = rule.specificity(path);
            if (specificity > bestSpecificity) {
                best = rule;
                bestSpecificity = specificity;
            }
        }
        return best;
    }

    /** What applies where neither an annotation nor a rule does. */
    public EndpointRequirement defaultRequirement() {
        return defaultRequirement;
    }

    /** Whether there are no rules (only the default). */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * Whether one rule matches every path of the servlet-style mapping {@code mapping} ({@code /}, {@code /*},
     * {@code /prefix/*}, {@code /exact}, {@code *.ext}, or the empty string for the root): then the rules, not the
     * default, decide for everything under it.
     */
    public boolean covers(String mapping) {
        return rules.stream().anyMatch(rule -> rule.covers(mapping));
    }

    /** The rules for a log line, e.g. {@code [/a/* require [x, y], /health permit]}; never a secret. */
    @Override
    public String toString() {
        return rules.stream()
                .map(rule ->
                        rule.pattern() + " " + rule.policy().access().name().toLowerCase(Locale.ROOT)
                                + (rule.policy().scopes().isEmpty()
                                        ? ""
                                        : " " + rule.policy().scopes()))
                .toList()
                .toString();
    }

    /** Builder of {@link PathRules}: one rule per pattern, {@code requireByDefault} at most once. */
    public static final class Builder {
        private final List<PathRule> rules = new ArrayList<>();
        private @Nullable Boolean requireByDefault;

        private Builder() {}

        /**
         * Whether paths with no annotation and no matching rule need a key (default {@code false}: they are open).
         *
         * @throws IllegalStateException if already set
         */
        public Builder requireByDefault(boolean require) {
            requireByDefault = SetOnce.set(requireByDefault, require, "requireByDefault");
            return this;
        }

        /**
         * Paths matching {@code pattern} ({@code /exact}, {@code /prefix/*}, {@code *.ext}) need a key holding all or
         * any ({@code match}) of {@code scopes} (none: any valid key).
         *
         * @throws IllegalArgumentException for a malformed pattern or scope
         * @throws IllegalStateException if {@code pattern} already has a rule
         */
        public Builder requireKey(String pattern, ScopeMatch match, String... scopes) {
            if (match == null || scopes == null) {
                throw new IllegalArgumentException("match and scopes must not be null");
            }
            Set<String> scopeSet = new LinkedHashSet<>(Arrays.asList(scopes));
            VerificationContext.builder().requiredScopes(match, scopeSet).build();
            return rule(pattern, EndpointRequirement.require(scopeSet, match, "path rule " + SafeText.of(pattern)));
        }

        /** Paths matching {@code pattern} are open (unless an annotation says otherwise). */
        public Builder permit(String pattern) {
            return rule(pattern, EndpointRequirement.permit("path rule " + SafeText.of(pattern)));
        }

        /** Paths matching {@code pattern} are refused with 403 (unless an annotation says otherwise). */
        public Builder deny(String pattern) {
            return rule(pattern, EndpointRequirement.deny("path rule " + SafeText.of(pattern)));
        }

        private Builder rule(String pattern, EndpointRequirement requirement) {
            PathRule rule = PathRule.of(pattern, requirement);
            if (rules.stream().anyMatch(existing -> existing.pattern().equals(pattern))) {
                throw new IllegalStateException("a path rule for '" + SafeText.of(pattern) + "' was already given");
            }
            rules.add(rule);
            return this;
        }

        /** The rules. */
        public PathRules build() {
            return new PathRules(rules, requireByDefault != null && requireByDefault);
        }
    }
}
