package dev.apikey.example;

import dev.apikey.RequireApiKey;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** {@code GET /reports}: needs scope {@code reports:read}. */
@RequireApiKey(scopes = "reports:read")
public final class ReportsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonResponses.json(
                response,
                200,
                Map.of(
                        "reports",
                        List.of(
                                Map.of("id", "2026-q3", "title", "Third quarter", "revenue", 1_250_000),
                                Map.of("id", "2026-q4", "title", "Fourth quarter", "revenue", 1_410_000))));
    }
}
