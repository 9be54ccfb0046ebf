package dev.apikey.example;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

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

    static void problem(HttpServletResponse response, int status, String code, String title, String detail)
            throws IOException {
        problem(response, new Problem(status, code, title, detail));
    }

    /** Answers with {@code problem}: its status, {@code application/problem+json}, never cached. */
    static void problem(HttpServletResponse response, Problem problem) throws IOException {
        response.setStatus(problem.status());
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(problem.json());
    }
}
