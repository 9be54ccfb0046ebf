package dev.apikey.example;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The container's own error responses (unknown paths, requests Jetty rejects before any filter) as
 * {@code {"error":"Not Found","status":404}}: the status's standard reason only. Jetty's default page echoes the
 * request URI, query string included, so a key sent as a query parameter would come straight back in it.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
            List<Charset> charsets, int code, String message, Throwable cause) {
        String reason = HttpStatus.getMessage(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        byte[] body = ("{\"error\":\"" + (reason == null ? "Error" : reason) + "\",\"status\":" + code + "}")
                .getBytes(StandardCharsets.UTF_8);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
