package dev.apikey.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** {@link ErrorResponder} writing RFC 9457 problem details as JSON. */
final class ProblemJsonResponder implements ErrorResponder {

    static final String CONTENT_TYPE = "application/problem+json";

    private final String typeBase;

    ProblemJsonResponder(String typeBase) {
        this.typeBase = typeBase;
    }

    @Override
    public void respond(HttpServletRequest request, HttpServletResponse response, AuthFailure failure) throws IOException {
        String type = typeBase == null ? "about:blank" : typeBase + failure.code();
        String body = "{\"type\":" + JsonText.quote(type)
                + ",\"title\":" + JsonText.quote(failure.title())
                + ",\"status\":" + failure.status()
                + ",\"detail\":" + JsonText.quote(failure.detail())
                + ",\"code\":" + JsonText.quote(failure.code()) + "}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentType(CONTENT_TYPE);
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
