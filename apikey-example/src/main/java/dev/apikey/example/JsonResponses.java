package dev.apikey.example;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the example's JSON bodies and RFC 9457 problems. */
final class JsonResponses {

    private JsonResponses() {}

    static void json(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Json.write(body));
    }

    /** A response carrying a secret: never cached anywhere. */
    static void secret(HttpServletResponse response, int status, Object body) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        json(response, status, body);
    }

    static void problem(HttpServletResponse response, int status, String code, String title, String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Json.write(body));
    }
}
