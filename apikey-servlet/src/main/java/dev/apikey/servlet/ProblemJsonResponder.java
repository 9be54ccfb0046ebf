package dev.apikey.servlet;

import dev.apikey.http.ProblemJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** {@link ErrorResponder} writing RFC 9457 problem details as JSON. */
final class ProblemJsonResponder implements ErrorResponder {

    private final @Nullable String typeBase;

    ProblemJsonResponder(@Nullable String typeBase) {
        this.typeBase = typeBase;
    }

    @Override
    public void respond(HttpServletRequest request, HttpServletResponse response, AuthFailure failure)
            throws IOException {
        String body = ProblemJson.render(typeBase, failure.status(), failure.code(), failure.title(), failure.detail());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentType(ProblemJson.CONTENT_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        if (!"HEAD".equals(request.getMethod())) {
            OutputStream out = response.getOutputStream();
            out.write(bytes);
            out.flush();
        }
    }

    @Override
    public String toString() {
        return "ErrorResponder.problemJson(" + (typeBase == null ? "about:blank" : typeBase) + ")";
    }
}
