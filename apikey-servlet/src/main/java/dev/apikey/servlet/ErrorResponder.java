package dev.apikey.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;

/**
 * Writes the body of a refused request. When it is called the filter has already set the status and the
 * protocol headers ({@code WWW-Authenticate} on 401, {@code Retry-After} on 503, {@code Cache-Control: no-store});
 * an implementation writes the body and may change anything. The default is {@link #problemJson()}.
 */
@FunctionalInterface
public interface ErrorResponder {

    /** Writes the response for {@code failure}. Must not echo the presented key. */
    void respond(HttpServletRequest request, HttpServletResponse response, AuthFailure failure) throws IOException;

    /**
     * RFC 9457 problem details, {@code application/problem+json}:
     * {@code {"type":"about:blank","title":"Invalid API key","status":401,"detail":"…","code":"invalid_api_key"}}.
     */
    static ErrorResponder problemJson() {
        return new ProblemJsonResponder(null);
    }

    /**
     * Problem details whose {@code type} is {@code typeBase} followed by the code, e.g.
     * {@code https://api.example.com/problems/invalid_api_key}, for APIs that document each problem type.
     */
    static ErrorResponder problemJson(URI typeBase) {
        if (typeBase == null || !typeBase.isAbsolute()) {
            throw new IllegalArgumentException(
                    "typeBase must be an absolute URI such as https://api.example.com/problems/");
        }
        return new ProblemJsonResponder(typeBase.toString());
    }
}
