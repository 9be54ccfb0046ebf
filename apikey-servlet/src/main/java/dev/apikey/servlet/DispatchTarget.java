package dev.apikey.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The servlet and path a dispatch goes to: for an include, the included resource.
 *
 * @param servletName the target servlet's name, or {@code null} when the container names none
 * @param path        the path inside the context, never empty
 */
record DispatchTarget(@Nullable String servletName, String path) {

    static DispatchTarget of(HttpServletRequest request) {
        if (request.getDispatcherType() == DispatcherType.INCLUDE
                && request.getAttribute(RequestDispatcher.INCLUDE_MAPPING) instanceof HttpServletMapping mapping) {
            Object servletPath = request.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH);
            Object pathInfo = request.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO);
            String path =
                    (servletPath == null ? "" : servletPath.toString()) + (pathInfo == null ? "" : pathInfo.toString());
            return new DispatchTarget(mapping.getServletName(), path.isEmpty() ? "/" : path);
        }
        HttpServletMapping mapping = request.getHttpServletMapping();
        return new DispatchTarget(
                mapping == null ? null : mapping.getServletName(), EndpointPolicyResolver.pathOf(request));
    }
}
