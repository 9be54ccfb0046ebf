package dev.apikey.http;

import org.jspecify.annotations.Nullable;

/**
 * RFC 9457 problem details as JSON, the body of every refusal:
 * {@code {"type":"about:blank","title":"Invalid API key","status":401,"detail":"…","code":"invalid_api_key"}}.
 */
public final class ProblemJson {

    /** The media type of a problem body. */
    public static final String CONTENT_TYPE = "application/problem+json";

    private ProblemJson() {}

    /**
     * The body of {@code refusal}.
     *
     * @param typeBase {@code null} for {@code "type":"about:blank"}, else an absolute URI the code is appended to, e.g.
     *                 {@code https://api.example.com/problems/} gives {@code …/problems/invalid_api_key}
     */
    public static String render(Refusal refusal, @Nullable String typeBase) {
        return render(typeBase, refusal.status(), refusal.code(), refusal.title(), refusal.detail());
    }

    /** The body of a problem given by its parts (see {@link #render(Refusal, String)} for {@code typeBase}). */
    public static String render(@Nullable String typeBase, int status, String code, String title, String detail) {
        String type = typeBase == null ? "about:blank" : typeBase + code;
        return "{\"type\":" + JsonText.quote(type)
                + ",\"title\":" + JsonText.quote(title)
                + ",\"status\":" + status
                + ",\"detail\":" + JsonText.quote(detail)
                + ",\"code\":" + JsonText.quote(code) + "}";
    }
}
