package dev.apikey.example;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The container's own error responses in the application (unknown paths, errors raised before a servlet answers)
 * as problems chosen by the status alone ({@link ContainerProblems}), for every method: Jetty writes bodies for GET,
 * POST and HEAD only, and its default page echoes the request URI, query string included, so a key sent as a query
 * parameter would come straight back in it. {@link ServerErrorHandler} does the same before the application.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected boolean generateAcceptableResponse(
            Request request,
            Response response,
            Callback callback,
            String contentType,
            List<Charset> charsets,
            int code,
            String message,
            Throwable cause) {
        write(response, callback, ContainerProblems.of(code));
        return true;
    }

    /** Writes {@code problem} as the whole response: its status, {@code application/problem+json}, never cached. */
    static void write(Response response, Callback callback, Problem problem) {
        response.setStatus(problem.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE + ";charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(problem.json().getBytes(StandardCharsets.UTF_8)), callback);
    }
}
