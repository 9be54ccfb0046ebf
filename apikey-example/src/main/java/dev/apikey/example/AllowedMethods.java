package dev.apikey.example;

import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The methods the servlet mapped to a request handles, as {@code HttpServlet.doOptions} tells but without
 * {@code TRACE}: the value of an {@code Allow} header, e.g. {@code GET, HEAD, OPTIONS}.
 */
final class AllowedMethods {

    /** What a servlet that cannot be inspected may handle. */
    static final String ALL_BUT_TRACE = "GET, HEAD, POST, PUT, DELETE, OPTIONS";

    private static final List<String> HANDLERS = List.of("GET", "POST", "PUT", "DELETE");

    /** Allow values by servlet class name; the application has a handful of servlets. */
    private final Map<String, String> byClass = new ConcurrentHashMap<>();

    /** The Allow value for {@code request}'s servlet. */
    String of(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        ServletRegistration registration =
                mapping == null ? null : request.getServletContext().getServletRegistration(mapping.getServletName());
        String className = registration == null ? null : registration.getClassName();
        return className == null ? ALL_BUT_TRACE : byClass.computeIfAbsent(className, AllowedMethods::handledMethods);
    }

    /** Whether {@code allow} (an Allow value) names {@code method}. */
    static boolean allows(String allow, String method) {
        return Arrays.stream(allow.split(",")).map(String::strip).anyMatch(method::equals);
    }

    private static String handledMethods(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, false, AllowedMethods.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return ALL_BUT_TRACE;
        }
        if (!HttpServlet.class.isAssignableFrom(type)) {
            return ALL_BUT_TRACE;
        }
        List<String> methods = new ArrayList<>();
        for (String method : HANDLERS) {
            if (declaresBelowHttpServlet(
                    type, "do" + method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT))) {
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
}
