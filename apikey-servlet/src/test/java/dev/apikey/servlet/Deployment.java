package dev.apikey.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a test deploys into a container: servlets (as instance, class or class name), one filter, attributes. */
final class Deployment {

    /** A servlet registration; exactly one of instance, type and className is set. */
    record ServletSpec(
            String name, String mapping, Servlet instance, Class<? extends Servlet> type, String className) {}

    final List<ServletSpec> servlets = new ArrayList<>();
    final Map<String, String> filterInitParameters = new LinkedHashMap<>();
    final Map<String, Object> contextAttributes = new LinkedHashMap<>();
    final Map<Integer, String> errorPages = new LinkedHashMap<>();
    final List<EventListener> listeners = new ArrayList<>();
    Filter filter;

    Deployment servlet(String name, String mapping, Servlet instance) {
        servlets.add(new ServletSpec(name, mapping, instance, null, null));
        return this;
    }

    Deployment servletClass(String name, String mapping, Class<? extends Servlet> type) {
        servlets.add(new ServletSpec(name, mapping, null, type, null));
        return this;
    }

    Deployment servletClassName(String name, String mapping, String className) {
        servlets.add(new ServletSpec(name, mapping, null, null, className));
        return this;
    }

    Deployment filter(Filter filter) {
        this.filter = filter;
        return this;
    }

    Deployment initParameter(String name, String value) {
        filterInitParameters.put(name, value);
        return this;
    }

    Deployment attribute(String name, Object value) {
        contextAttributes.put(name, value);
        return this;
    }

    Deployment errorPage(int status, String location) {
        errorPages.put(status, location);
        return this;
    }

    Deployment listener(EventListener listener) {
        listeners.add(listener);
        return this;
    }
}
