package dev.apikey.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request written as text, one item per line, for the fuzz tests: {@code @<peer address>},
 * {@code ?<query string>}, {@code !secure}, or {@code Name: value} (a header; repeat a name for several
 * instances). Values may hold any character but a line break, so the parsers see what no container would let
 * through. Only the methods the parsers use are answered; any other call fails the test loudly.
 */
final class ScriptedRequest {

    final String remoteAddress;
    final String query;
    final boolean secure;
    final Map<String, List<String>> headers;

    private ScriptedRequest(String remoteAddress, String query, boolean secure, Map<String, List<String>> headers) {
        this.remoteAddress = remoteAddress;
        this.query = query;
        this.secure = secure;
        this.headers = headers;
    }

    static ScriptedRequest parse(String script) {
        String remote = "192.0.2.1";
        String query = null;
        boolean secure = false;
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line : script.split("\n", -1)) {
            if (line.startsWith("@")) {
                remote = line.substring(1);
            } else if (line.startsWith("?")) {
                query = line.substring(1);
            } else if (line.equals("!secure")) {
                secure = true;
            } else {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String value = line.substring(colon + 1);
                    headers.computeIfAbsent(line.substring(0, colon), name -> new ArrayList<>())
                            .add(value.startsWith(" ") ? value.substring(1) : value);
                }
            }
        }
        return new ScriptedRequest(remote, query, secure, headers);
    }

    List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    HttpServletRequest asServletRequest() {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaders" -> Collections.enumeration(headers((String) args[0]));
                    case "getHeader" -> headers((String) args[0]).stream().findFirst().orElse(null);
                    case "getRemoteAddr" -> remoteAddress;
                    case "getQueryString" -> query;
                    case "isSecure" -> secure;
                    case "toString" -> "ScriptedRequest";
                    default -> throw new UnsupportedOperationException("the scripted request does not answer "
                            + method.getName() + "; extend ScriptedRequest");
                });
    }
}
