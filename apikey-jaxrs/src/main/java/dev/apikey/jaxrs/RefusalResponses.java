package dev.apikey.jaxrs;

import dev.apikey.http.ProblemJson;
import dev.apikey.http.Refusal;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A refusal of the HTTP layer as a Jakarta REST response: its status, its headers, its RFC 9457 body. Handed to
 * {@code abortWith}, never thrown: no exception mapper of the application can turn it into something else.
 */
final class RefusalResponses {

    private RefusalResponses() {}

    static Response of(Refusal refusal, @Nullable String problemTypeBase) {
        Response.ResponseBuilder response = Response.status(refusal.status());
        refusal.headers().forEach(response::header);
        return response.type(ProblemJson.CONTENT_TYPE)
                .entity(ProblemJson.render(refusal, problemTypeBase).getBytes(StandardCharsets.UTF_8))
                .build();
    }
}
