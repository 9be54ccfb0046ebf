package dev.apikey.servlet;

import dev.apikey.http.HttpRequestView;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A servlet request as the HTTP layer reads it. Method and path are the dispatch's (for an include, the included
 * resource's); headers, query, peer and transport are read from the request the container made, beneath any
 * wrapper: on a later dispatch the application may hold a wrapper that hides the key.
 */
final class ServletRequestView implements HttpRequestView {

    private final String method;
    private final String path;
    private final HttpServletRequest original;

    ServletRequestView(HttpServletRequest request, String path) {
        this.method = request.getMethod();
        this.path = path;
        this.original = original(request);
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public List<String> headers(String name) {
        Enumeration<String> values = original.getHeaders(name);
        return values == null ? List.of() : Collections.list(values);
    }

    @Override
    public String rawQuery() {
        return original.getQueryString();
    }

    @Override
    public String peerAddress() {
        return original.getRemoteAddr();
    }

    @Override
    public boolean secure() {
        return original.isSecure();
    }

    private static HttpServletRequest original(HttpServletRequest request) {
        ServletRequest current = request;
        while (current instanceof ServletRequestWrapper wrapper && wrapper.getRequest() instanceof HttpServletRequest) {
            current = wrapper.getRequest();
        }
        return (HttpServletRequest) current;
    }
}
