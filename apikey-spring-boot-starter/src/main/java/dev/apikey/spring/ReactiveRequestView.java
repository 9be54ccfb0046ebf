package dev.apikey.spring;

import dev.apikey.http.HttpRequestView;
import java.net.InetSocketAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** A WebFlux request as the HTTP layer reads it. */
final class ReactiveRequestView implements HttpRequestView {

    private final ServerHttpRequest request;
    private final String path;
    private final @Nullable String rawQuery;

    ReactiveRequestView(ServerHttpRequest request) {
        this(request, request.getURI().getRawQuery());
    }

    /** {@code request}, whose query as received (before {@link QueryKeyRemoval}) was {@code rawQuery}. */
    ReactiveRequestView(ServerHttpRequest request, @Nullable String rawQuery) {
        this.request = request;
        this.path = decodedPath(request);
        this.rawQuery = rawQuery;
    }

    /** The path within the application, each segment decoded as Spring's own path matching reads it. */
    private static String decodedPath(ServerHttpRequest request) {
        StringBuilder path = new StringBuilder();
        for (PathContainer.Element element :
                request.getPath().pathWithinApplication().elements()) {
            path.append(
                    element instanceof PathContainer.PathSegment segment ? segment.valueToMatch() : element.value());
        }
        return path.isEmpty() ? "/" : path.toString();
    }

    @Override
    public String method() {
        return request.getMethod().name();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public List<String> headers(String name) {
        List<String> values = request.getHeaders().get(name);
        return values == null ? List.of() : values;
    }

    @Override
    public @Nullable String rawQuery() {
        return rawQuery;
    }

    @Override
    public @Nullable String peerAddress() {
        InetSocketAddress peer = request.getRemoteAddress();
        if (peer == null) {
            return null;
        }
        return peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
    }

    @Override
    public boolean secure() {
        return request.getSslInfo() != null;
    }
}
