package dev.apikey.example;

import dev.apikey.RequireApiKey;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** {@code GET /secure-data}: any valid key. */
@RequireApiKey
public final class SecureDataServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonResponses.json(response, 200, Map.of("data", "This is secured data"));
    }
}
