package dev.apikey.spring.conformance;

import dev.apikey.RequireApiKey;
import dev.apikey.ScopeMatch;
import dev.apikey.http.conformance.HandlerEcho;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/** The endpoints of the HTTP conformance kit as Spring MVC controllers, with the annotations its table gives. */
final class KitControllers {

    private KitControllers() {}

    /** The application under test, less its server: auto-configuration and the kit's controllers. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({Secure.class, Single.class, Mixed.class, DeniedClass.class})
    static class Application {}

    private static String echo(HttpServletRequest request, String endpoint) {
        Principal principal = request.getUserPrincipal();
        return HandlerEcho.body(
                endpoint, principal == null ? null : principal.getName(), request::getHeader, request.getQueryString());
    }

    @RestController
    @RequireApiKey
    static class Secure {
        @GetMapping(value = "/secure", produces = "text/plain")
        String secure(HttpServletRequest request) {
            return echo(request, "secure");
        }
    }

    @RestController
    static class Single {
        @GetMapping(value = "/reports", produces = "text/plain")
        @RequireApiKey(scopes = "reports:read")
        String reports(HttpServletRequest request) {
            return echo(request, "reports");
        }

        @GetMapping(value = "/any-scope", produces = "text/plain")
        @RequireApiKey(
                scopes = {"a", "b"},
                match = ScopeMatch.ANY)
        String anyScope(HttpServletRequest request) {
            return echo(request, "any-scope");
        }

        @GetMapping(value = "/roles", produces = "text/plain")
        @RolesAllowed({"admin", "ops"})
        String roles(HttpServletRequest request) {
            return echo(request, "roles");
        }

        @GetMapping(value = "/permit-and-deny", produces = "text/plain")
        @PermitAll
        @DenyAll
        String permitAndDeny(HttpServletRequest request) {
            return echo(request, "permit-and-deny");
        }

        @GetMapping(value = "/health", produces = "text/plain")
        @PermitAll
        String health(HttpServletRequest request) {
            return echo(request, "health");
        }

        @GetMapping(value = "/expensive", produces = "text/plain")
        @RequireApiKey(cost = 5)
        String expensive(HttpServletRequest request) {
            return echo(request, "expensive");
        }

        @GetMapping(
                value = {"/open", "/open/**", "/rules/**"},
                produces = "text/plain")
        String open(HttpServletRequest request) {
            return echo(request, "open");
        }
    }

    @RestController
    @RequireApiKey
    static class Mixed {
        @GetMapping(value = "/mixed", produces = "text/plain")
        @PermitAll
        String get(HttpServletRequest request) {
            return echo(request, "mixed-get");
        }

        @PostMapping(value = "/mixed", produces = "text/plain")
        String post(HttpServletRequest request) {
            return echo(request, "mixed-post");
        }

        @PutMapping(value = "/mixed", produces = "text/plain")
        @RequireApiKey(scopes = "write")
        String put(HttpServletRequest request) {
            return echo(request, "mixed-put");
        }

        @DeleteMapping(value = "/mixed", produces = "text/plain")
        @DenyAll
        String delete(HttpServletRequest request) {
            return echo(request, "mixed-delete");
        }
    }

    @RestController
    @DenyAll
    static class DeniedClass {
        @GetMapping(value = "/denied-class", produces = "text/plain")
        @RequireApiKey
        String get(HttpServletRequest request) {
            return echo(request, "denied-class-get");
        }
    }
}
