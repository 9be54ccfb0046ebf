package dev.apikey.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.RequireApiKey;
import dev.apikey.ScopeMatch;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What annotations say, framework-neutral: precedence on one element, methods over classes, classes up their hierarchy. */
final class EndpointAnnotationsTest {

    @RequireApiKey(scopes = "reports:read")
    static class Reports {
        public void list() {}

        @PermitAll
        public void health() {}

        @DenyAll
        @PermitAll
        public void both() {}

        @RolesAllowed({"admin", "ops"})
        public void roles() {}

        @RolesAllowed({})
        public void nobody() {}

        @RequireApiKey(cost = 5)
        public void expensive() {}
    }

    static class SubReports extends Reports {}

    @RequireApiKey
    interface Protected {}

    static class ByInterface implements Protected {}

    static class Conflicting {
        @RequireApiKey
        @RolesAllowed("admin")
        public void conflicting() {}
    }

    private static EndpointRequirement handler(Class<?> type, String method) throws Exception {
        return EndpointAnnotations.forHandler(type.getMethod(method), type).orElseThrow();
    }

    @Test
    void theMethodWinsOverTheClassAndDenyOverPermit() throws Exception {
        assertThat(handler(Reports.class, "list").scopes()).containsExactly("reports:read");
        assertThat(handler(Reports.class, "health").access()).isEqualTo(EndpointRequirement.Access.PERMIT);
        assertThat(handler(Reports.class, "both").access()).isEqualTo(EndpointRequirement.Access.DENY);
        EndpointRequirement roles = handler(Reports.class, "roles");
        assertThat(roles.scopes()).containsExactly("admin", "ops");
        assertThat(roles.match()).isEqualTo(ScopeMatch.ANY);
        assertThat(handler(Reports.class, "nobody").access()).isEqualTo(EndpointRequirement.Access.DENY);
        assertThat(handler(Reports.class, "expensive").cost()).isEqualTo(5);
        assertThat(handler(Reports.class, "expensive").source()).isEqualTo("@RequireApiKey on Reports.expensive");
    }

    @Test
    void classesAreReadUpTheirHierarchyThenTheirInterfaces() {
        assertThat(EndpointAnnotations.onClass(SubReports.class).orElseThrow().scopes())
                .containsExactly("reports:read");
        assertThat(EndpointAnnotations.onClass(ByInterface.class).orElseThrow().access())
                .isEqualTo(EndpointRequirement.Access.REQUIRE);
        assertThat(EndpointAnnotations.onClass(Object.class)).isEmpty();
    }

    @Test
    void requireApiKeyAndRolesAllowedOnOneElementIsRefused() {
        assertThatThrownBy(() -> handler(Conflicting.class, "conflicting"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("carries both @RequireApiKey and @RolesAllowed");
    }

    /**
     * Found in review: {@code @RequireApiKey} was matched by class identity, so another class loader's copy of it (an
     * application bundling its own apikey-core beside a container's integration) was silently ignored.
     */
    @Test
    void anotherClassLoadersCopyOfRequireApiKeyIsStillRead(@TempDir Path classes) throws Exception {
        Path source = classes.resolve("app/Guarded.java");
        Files.createDirectories(source.getParent());
        Files.writeString(
                source,
                "package app;\n"
                        + "@dev.apikey.RequireApiKey(scopes = {\"a\", \"b\"}, match = dev.apikey.ScopeMatch.ANY, cost = 3)\n"
                        + "public class Guarded {}\n");
        int status = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "-classpath",
                        System.getProperty("java.class.path"),
                        "-d",
                        classes.toString(),
                        source.toString());
        assertThat(status).as("compiling the annotated class").isZero();
        URL core = RequireApiKey.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader separate =
                new URLClassLoader(new URL[] {classes.toUri().toURL(), core}, ClassLoader.getPlatformClassLoader())) {
            Class<?> guarded = separate.loadClass("app.Guarded");
            assertThat(guarded.getAnnotations()[0].annotationType()).isNotSameAs(RequireApiKey.class);

            EndpointRequirement requirement =
                    EndpointAnnotations.onClass(guarded).orElseThrow();

            assertThat(requirement.access()).isEqualTo(EndpointRequirement.Access.REQUIRE);
            assertThat(requirement.scopes()).isEqualTo(Set.of("a", "b"));
            assertThat(requirement.match()).isEqualTo(ScopeMatch.ANY);
            assertThat(requirement.cost()).isEqualTo(3);
        }
        assertThat(List.of(classes.toFile().list())).contains("app");
    }
}
