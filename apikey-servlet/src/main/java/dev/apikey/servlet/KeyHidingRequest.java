package dev.apikey.servlet;

import dev.apikey.http.KeySources;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Hides where an API key was sent from the application: the key header, the {@code Authorization} header
 * carrying it, the query parameter.
 */
class KeyHidingRequest extends HttpServletRequestWrapper {

    private final Set<String> hiddenHeaders;
    private final @Nullable String hiddenParameter;

    /**
     * @param hiddenHeaders   header names to hide, lower case
     * @param hiddenParameter query parameter to hide, or {@code null}
     */
    KeyHidingRequest(HttpServletRequest request, Set<String> hiddenHeaders, @Nullable String hiddenParameter) {
        super(request);
        this.hiddenHeaders = Set.copyOf(hiddenHeaders);
        this.hiddenParameter = hiddenParameter;
    }

    /** The header names hidden, lower case. */
    Set<String> hiddenHeaders() {
        return hiddenHeaders;
    }

    /** The query parameter hidden, or {@code null}. */
    @Nullable
    String hiddenParameter() {
        return hiddenParameter;
    }

    private boolean hidden(String header) {
        return header != null && hiddenHeaders.contains(header.toLowerCase(Locale.ROOT));
    }

    @Override
    public @Nullable String getHeader(String name) {
        return hidden(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        Enumeration<String> names = super.getHeaderNames();
        if (names == null || hiddenHeaders.isEmpty()) {
            return names;
        }
        List<String> visible =
                Collections.list(names).stream().filter(name -> !hidden(name)).toList();
        return Collections.enumeration(visible);
    }

    @Override
    public long getDateHeader(String name) {
        return hidden(name) ? -1 : super.getDateHeader(name);
    }

    @Override
    public int getIntHeader(String name) {
        return hidden(name) ? -1 : super.getIntHeader(name);
    }

    @Override
    public @Nullable String getParameter(String name) {
        return hiddenParameter != null && hiddenParameter.equals(name) ? null : super.getParameter(name);
    }

    @Override
    public String @Nullable [] getParameterValues(String name) {
        return hiddenParameter != null && hiddenParameter.equals(name) ? null : super.getParameterValues(name);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        Map<String, String[]> parameters = super.getParameterMap();
        if (hiddenParameter == null || !parameters.containsKey(hiddenParameter)) {
            return parameters;
        }
        Map<String, String[]> visible = new LinkedHashMap<>(parameters);
        visible.remove(hiddenParameter);
        return Collections.unmodifiableMap(visible);
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(getParameterMap().keySet());
    }

    @Override
    public @Nullable String getQueryString() {
        return new KeySources(Set.of(), hiddenParameter).visibleQuery(super.getQueryString());
    }
}
