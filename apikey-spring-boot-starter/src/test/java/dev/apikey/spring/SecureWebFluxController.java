package dev.apikey.spring;

import dev.apikey.RequireApiKey;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /secure} on WebFlux, any valid key. */
@RestController
public class SecureWebFluxController {
    @GetMapping("/secure")
    @RequireApiKey
    Mono<String> secure() {
        return Mono.just("secure");
    }
}
