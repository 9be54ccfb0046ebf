package dev.apikey.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request written as text, one item per line, for the fuzz tests: {@code @<peer address>},
 * {@code ?<query string>}, {@code !secure}, or {@code Name: value} (a header; repeat a name for several
 * instances). Values may hold any character but a line break, so the parsers see what no container would let
 * through. Method and path are {@code GET /}.
 */
final class ScriptedRequest implements HttpRequestView {

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

    @Override
    public List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String path() {
        return "/";
    }

    @Override
    public String rawQuery() {
        return query;
    }

    @Override
    public String peerAddress() {
        return remoteAddress;
    }

    @Override
    public boolean secure() {
        return secure;
    }
}
