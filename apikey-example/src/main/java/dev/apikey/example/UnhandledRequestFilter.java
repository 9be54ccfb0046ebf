package dev.apikey.example;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;

/**
 * Answers what no servlet of the application handles, after the key filter: a method the path's servlet does not
 * handle ({@code PUT /admin/keys}, {@code PATCH /health}, any unknown method) with a 405 problem and an {@code Allow}
 * header, where {@code HttpServlet} would answer 405 (or 501 for a method it does not know) with an empty body; a path
 * no servlet is mapped to with the container's 404 problem for every method, where Jetty's fallback servlet would
 * answer {@code PUT /nowhere} with a 405 that offers nothing.
 */
final class UnhandledRequestFilter implements Filter {

    private final AllowedMethods allowed;

    UnhandledRequestFilter(AllowedMethods allowed) {
        this.allowed = allowed;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletMapping mapping = request.getHttpServletMapping();
        if (mapping == null) {
            chain.doFilter(req, res);
            return;
        }
        if (mapping.getMappingMatch() == MappingMatch.DEFAULT) {
            ((HttpServletResponse) res).sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String allow = allowed.of(request);
        if (AllowedMethods.allows(allow, request.getMethod())) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) res;
        response.setHeader("Allow", allow);
        JsonResponses.problem(
                response,
                405,
                "method_not_allowed",
                "Method Not Allowed",
                printable(request.getMethod()) + " is not supported here: use " + allow + " (see the Allow header).");
    }

    /** A method name fit for a message (the client's text): short tokens as they are, anything else by length. */
    private static String printable(String method) {
        return method.length() <= 20 && method.matches("[A-Za-z]+") ? method : "This method";
    }
}
