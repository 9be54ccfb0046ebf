package dev.apikey.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ScopeMatch;
import org.junit.jupiter.api.Test;

class PathRulesTest {

    private final PathRules rules = PathRules.builder()
            .requireKey("/admin/*", ScopeMatch.ALL, "admin")
            .permit("/public/*")
            .build();

    @Test
    void canonicalFormIsWhatAFileServerReads() {
        assertThat(CanonicalPath.of("/admin/x")).isEqualTo("/admin/x");
        assertThat(CanonicalPath.of("//admin//x")).isEqualTo("/admin/x");
        assertThat(CanonicalPath.of("/./admin/x")).isEqualTo("/admin/x");
        assertThat(CanonicalPath.of("/public/../admin/x")).isEqualTo("/admin/x");
        assertThat(CanonicalPath.of("/../../admin/x")).isEqualTo("/admin/x");
        assertThat(CanonicalPath.of("\\admin\\x")).isEqualTo("/admin/x");
        assertThat(CanonicalPath.of("/admin/x/..")).isEqualTo("/admin/");
        assertThat(CanonicalPath.of("/admin/")).isEqualTo("/admin/");
        assertThat(CanonicalPath.of("/")).isEqualTo("/");
        assertThat(CanonicalPath.of("")).isEqualTo("/");
    }

    @Test
    void aPathWhoseCanonicalFormHasAnotherRuleIsDenied() {
        for (String path :
                new String[] {"//admin/x", "/public/../admin/x", "/./admin/x", "\\admin\\x", "/x/../admin/y"}) {
            EndpointRequirement requirement = rules.resolve(path);
            assertThat(requirement.access()).as(path).isEqualTo(EndpointRequirement.Access.DENY);
            assertThat(requirement.source())
                    .as(path)
                    .contains("not in canonical form")
                    .contains("/admin/");
        }
    }

    @Test
    void aPathWhoseCanonicalFormHasTheSameRuleResolvesAsUsual() {
        assertThat(rules.resolve("/admin//x").access()).isEqualTo(EndpointRequirement.Access.REQUIRE);
        assertThat(rules.resolve("/public/./x").access()).isEqualTo(EndpointRequirement.Access.PERMIT);
        assertThat(rules.resolve("//other/x")).isEqualTo(rules.defaultRequirement());
        assertThat(rules.resolve("/admin/x").scopes()).containsExactly("admin");
    }
}
