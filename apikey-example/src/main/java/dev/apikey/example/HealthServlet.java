package dev.apikey.example;

import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** {@code GET /health}: open. */
@PermitAll
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonResponses.json(response, 200, Map.of("status", "ok"));
    }
}
