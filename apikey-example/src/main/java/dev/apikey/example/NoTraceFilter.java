package dev.apikey.example;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Answers {@code TRACE} with 405 on every path, before the key filter: {@code HttpServlet.doTrace} echoes the
 * request's headers, credentials included, and no client of this API needs it. The {@code Allow} header names what
 * the path's servlet handles, and {@code OPTIONS} answers no longer offer {@code TRACE}.
 */
final class NoTraceFilter implements Filter {

    private static final List<String> HANDLERS = List.of("GET", "POST", "PUT", "DELETE");
    private static final String ALL_BUT_TRACE = "GET, HEAD, POST, PUT, DELETE, OPTIONS";

    /** Allow values by servlet class name; the application has a handful of servlets. */
    private final Map<String, String> allowed = new ConcurrentHashMap<>();

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if ("TRACE".equals(request.getMethod())) {
            response.setHeader("Allow", allowed(request));
            JsonResponses.problem(response, 405, "method_not_allowed", "Method Not Allowed",
                    "TRACE is not supported: it would echo the request's headers.");
        } else if ("OPTIONS".equals(request.getMethod())) {
            chain.doFilter(request, new WithoutTraceInAllow(response));
        } else {
            chain.doFilter(request, response);
        }
    }

    /** What the servlet mapped to the request's path handles, as {@code HttpServlet.doOptions} tells, but TRACE. */
    private String allowed(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        ServletRegistration registration = mapping == null ? null
                : request.getServletContext().getServletRegistration(mapping.getServletName());
        String className = registration == null ? null : registration.getClassName();
        return className == null ? ALL_BUT_TRACE : allowed.computeIfAbsent(className, NoTraceFilter::handledMethods);
    }

    private static String handledMethods(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, false, NoTraceFilter.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return ALL_BUT_TRACE;
        }
        if (!HttpServlet.class.isAssignableFrom(type)) {
            return ALL_BUT_TRACE;
        }
        List<String> methods = new ArrayList<>();
        for (String method : HANDLERS) {
            if (declaresBelowHttpServlet(type, "do" + method.charAt(0) + method.substring(1).toLowerCase(java.util.Locale.ROOT))) {
                methods.add(method);
                if (method.equals("GET")) {
                    methods.add("HEAD");
                }
            }
        }
        methods.add("OPTIONS");
        return String.join(", ", methods);
    }

    private static boolean declaresBelowHttpServlet(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != HttpServlet.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.getName().equals(name)) {
                    return true;
                }
            }
        }
        return false;
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
            return allow == null ? null : Arrays.stream(allow.split(",")).map(String::strip)
                    .filter(method -> !method.equalsIgnoreCase("TRACE")).collect(Collectors.joining(", "));
        }
    }
}
