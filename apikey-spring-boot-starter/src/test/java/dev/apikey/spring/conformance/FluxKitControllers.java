package dev.apikey.spring.conformance;

import dev.apikey.RequireApiKey;
import dev.apikey.ScopeMatch;
import dev.apikey.http.conformance.HandlerEcho;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.security.Principal;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The endpoints of the HTTP conformance kit as WebFlux controllers, with the annotations its table gives. */
final class FluxKitControllers {

    private FluxKitControllers() {}

    /** The application under test, less its server: auto-configuration and the kit's controllers. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({Secure.class, Single.class, Mixed.class, DeniedClass.class})
    static class Application {}

    private static Mono<String> echo(ServerWebExchange exchange, String endpoint) {
        var request = exchange.getRequest();
        return exchange.getPrincipal()
                .map(Principal::getName)
                .map(name -> HandlerEcho.body(
                        endpoint,
                        name,
                        header -> request.getHeaders().getFirst(header),
                        request.getURI().getRawQuery()))
                .defaultIfEmpty(HandlerEcho.body(
                        endpoint,
                        null,
                        header -> request.getHeaders().getFirst(header),
                        request.getURI().getRawQuery()));
    }

    @RestController
    @RequireApiKey
    static class Secure {
        @GetMapping(value = "/secure", produces = "text/plain")
        Mono<String> secure(ServerWebExchange exchange) {
            return echo(exchange, "secure");
        }
    }

    @RestController
    static class Single {
        @GetMapping(value = "/reports", produces = "text/plain")
        @RequireApiKey(scopes = "reports:read")
        Mono<String> reports(ServerWebExchange exchange) {
            return echo(exchange, "reports");
        }

        @GetMapping(value = "/any-scope", produces = "text/plain")
        @RequireApiKey(
                scopes = {"a", "b"},
                match = ScopeMatch.ANY)
        Mono<String> anyScope(ServerWebExchange exchange) {
            return echo(exchange, "any-scope");
        }

        @GetMapping(value = "/roles", produces = "text/plain")
        @RolesAllowed({"admin", "ops"})
        Mono<String> roles(ServerWebExchange exchange) {
            return echo(exchange, "roles");
        }

        @GetMapping(value = "/permit-and-deny", produces = "text/plain")
        @PermitAll
        @DenyAll
        Mono<String> permitAndDeny(ServerWebExchange exchange) {
            return echo(exchange, "permit-and-deny");
        }

        @GetMapping(value = "/health", produces = "text/plain")
        @PermitAll
        Mono<String> health(ServerWebExchange exchange) {
            return echo(exchange, "health");
        }

        @GetMapping(value = "/expensive", produces = "text/plain")
        @RequireApiKey(cost = 5)
        Mono<String> expensive(ServerWebExchange exchange) {
            return echo(exchange, "expensive");
        }

        @GetMapping(
                value = {"/open", "/open/**", "/rules/**"},
                produces = "text/plain")
        Mono<String> open(ServerWebExchange exchange) {
            return echo(exchange, "open");
        }
    }

    @RestController
    @RequireApiKey
    static class Mixed {
        @GetMapping(value = "/mixed", produces = "text/plain")
        @PermitAll
        Mono<String> get(ServerWebExchange exchange) {
            return echo(exchange, "mixed-get");
        }

        @PostMapping(value = "/mixed", produces = "text/plain")
        Mono<String> post(ServerWebExchange exchange) {
            return echo(exchange, "mixed-post");
        }

        @PutMapping(value = "/mixed", produces = "text/plain")
        @RequireApiKey(scopes = "write")
        Mono<String> put(ServerWebExchange exchange) {
            return echo(exchange, "mixed-put");
        }

        @DeleteMapping(value = "/mixed", produces = "text/plain")
        @DenyAll
        Mono<String> delete(ServerWebExchange exchange) {
            return echo(exchange, "mixed-delete");
        }
    }

    @RestController
    @DenyAll
    static class DeniedClass {
        @GetMapping(value = "/denied-class", produces = "text/plain")
        @RequireApiKey
        Mono<String> get(ServerWebExchange exchange) {
            return echo(exchange, "denied-class-get");
        }
    }
}
