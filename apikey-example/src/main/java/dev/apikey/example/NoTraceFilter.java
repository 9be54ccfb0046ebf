package dev.apikey.example;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Answers {@code TRACE} with 405 on every path, before the key filter: {@code HttpServlet.doTrace} echoes the
 * request's headers, credentials included, and no client of this API needs it. The {@code Allow} header names what
 * the path's servlet handles, and {@code OPTIONS} answers no longer offer {@code TRACE}.
 */
final class NoTraceFilter implements Filter {

    private final AllowedMethods allowed;

    NoTraceFilter(AllowedMethods allowed) {
        this.allowed = allowed;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if ("TRACE".equals(request.getMethod())) {
            response.setHeader("Allow", allowed.of(request));
            JsonResponses.problem(
                    response,
                    405,
                    "method_not_allowed",
                    "Method Not Allowed",
                    "TRACE is not supported: it would echo the request's headers.");
        } else if ("OPTIONS".equals(request.getMethod())) {
            chain.doFilter(request, new WithoutTraceInAllow(response));
        } else {
            chain.doFilter(request, response);
        }
    }

    /** Drops TRACE from the {@code Allow} header {@code HttpServlet.doOptions} writes. */
    private static final class WithoutTraceInAllow extends HttpServletResponseWrapper {
        WithoutTraceInAllow(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            super.setHeader(name, "Allow".equalsIgnoreCase(name) ? withoutTrace(value) : value);
        }

        @Override
        public void addHeader(String name, String value) {
            super.addHeader(name, "Allow".equalsIgnoreCase(name) ? withoutTrace(value) : value);
        }

        private static String withoutTrace(String allow) {
            return allow == null
                    ? null
                    : Arrays.stream(allow.split(","))
                            .map(String::strip)
                            .filter(method -> !method.equalsIgnoreCase("TRACE"))
                            .collect(Collectors.joining(", "));
        }
    }
}
