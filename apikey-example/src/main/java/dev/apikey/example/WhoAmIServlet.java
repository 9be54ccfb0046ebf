package dev.apikey.example;

import dev.apikey.RequireApiKey;
import dev.apikey.servlet.ApiKeyPrincipal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** {@code GET /whoami}: the caller's key id, name and scopes (never the key). */
@RequireApiKey
public final class WhoAmIServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ApiKeyPrincipal principal = (ApiKeyPrincipal) request.getUserPrincipal();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", principal.id());
        body.put("name", principal.name());
        body.put("hint", principal.hint());
        body.put("scopes", new TreeSet<>(principal.scopes()));
        JsonResponses.json(response, 200, body);
    }
}
