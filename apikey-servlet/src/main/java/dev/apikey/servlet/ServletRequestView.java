package dev.apikey.servlet;

import dev.apikey.http.HttpRequestView;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A servlet request as the HTTP layer reads it: the request this filter received — method, path (for an include,
 * the included resource's), peer address, TLS, forwarding and CORS headers, as the filters before it present them
 * (a remote-IP filter's client address, say) — except the places a key is read from (the key header,
 * {@code Authorization}, the query string), which {@link #keysBeneathWrappers keysBeneathWrappers} reads beneath
 * every wrapper: on a later dispatch the request may be this filter's own wrapper, which hides the key.
 */
final class ServletRequestView implements HttpRequestView {

    private final String method;
    private final String path;
    private final HttpServletRequest received;
    private final HttpServletRequest keySource;
    private final Set<String> keyHeaders;

    private ServletRequestView(
            HttpServletRequest received, String path, HttpServletRequest keySource, Set<String> keyHeaders) {
        this.method = received.getMethod();
        this.path = path;
        this.received = received;
        this.keySource = keySource;
        this.keyHeaders = keyHeaders;
    }

    /**
     * The request as received, its key places ({@code keyHeaders}, lower-case, and the query string) read from the
     * request the container made.
     */
    static ServletRequestView keysBeneathWrappers(HttpServletRequest received, String path, Set<String> keyHeaders) {
        return new ServletRequestView(received, path, original(received), keyHeaders);
    }

    /** The request exactly as received, key places included. */
    static ServletRequestView asReceived(HttpServletRequest received, String path) {
        return new ServletRequestView(received, path, received, Set.of());
    }

    /** Whether keys are read from another request than the one received (the received one is a wrapper). */
    boolean keysFromBeneathWrappers() {
        return keySource != received;
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
        HttpServletRequest source = keyHeaders.contains(name.toLowerCase(Locale.ROOT)) ? keySource : received;
        Enumeration<String> values = source.getHeaders(name);
        return values == null ? List.of() : Collections.list(values);
    }

    @Override
    public String rawQuery() {
        return keySource.getQueryString();
    }

    @Override
    public String peerAddress() {
        return received.getRemoteAddr();
    }

    @Override
    public boolean secure() {
        return received.isSecure();
    }

    private static HttpServletRequest original(HttpServletRequest request) {
        ServletRequest current = request;
        while (current instanceof ServletRequestWrapper wrapper && wrapper.getRequest() instanceof HttpServletRequest) {
            current = wrapper.getRequest();
        }
        return (HttpServletRequest) current;
    }
}
