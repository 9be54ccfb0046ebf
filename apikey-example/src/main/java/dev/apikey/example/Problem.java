package dev.apikey.example;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem as the example answers every error: {@code application/problem+json} with {@code type},
 * {@code title}, {@code status}, {@code detail} (what to do) and {@code code} (stable, for programs), the shape the
 * key filter's own refusals have.
 *
 * @param status the HTTP status
 * @param code   a stable snake_case code, e.g. {@code method_not_allowed}
 * @param title  the status's short summary
 * @param detail what happened and what to do; never echoes the request (its URL or headers may hold a key)
 */
record Problem(int status, String code, String title, String detail) {

    /** The media type of a problem body. */
    static final String MEDIA_TYPE = "application/problem+json";

    /** The body, as JSON. */
    String json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        return Json.write(body);
    }
}
