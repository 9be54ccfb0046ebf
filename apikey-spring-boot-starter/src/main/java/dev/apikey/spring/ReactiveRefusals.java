package dev.apikey.spring;

import dev.apikey.http.ProblemJson;
import dev.apikey.http.Refusal;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Writes a WebFlux refusal: the layer's status and headers, and its problem body (none for {@code HEAD}). */
final class ReactiveRefusals {

    private static final MediaType PROBLEM_JSON = MediaType.parseMediaType(ProblemJson.CONTENT_TYPE + ";charset=UTF-8");

    private final @Nullable String problemTypeBase;

    /** @param problemTypeBase the base of problem type URIs, or {@code null} for {@code about:blank} */
    ReactiveRefusals(@Nullable String problemTypeBase) {
        this.problemTypeBase = problemTypeBase;
    }

    Mono<Void> write(ServerWebExchange exchange, Refusal refusal) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(HttpStatus.valueOf(refusal.status()));
        refusal.headers().forEach(response.getHeaders()::set);
        // A refused request's body is never read; Reactor Netty then could leave the client's next request on the
        // kept-alive connection unanswered (seen in the conformance kit). The connection ends with the refusal.
        response.getHeaders().setConnection("close");
        byte[] body = ProblemJson.render(refusal, problemTypeBase).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().setContentType(PROBLEM_JSON);
        response.getHeaders().setContentLength(body.length);
        if (HttpMethod.HEAD.equals(exchange.getRequest().getMethod())) {
            return response.setComplete();
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
