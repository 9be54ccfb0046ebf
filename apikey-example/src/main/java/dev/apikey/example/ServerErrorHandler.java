package dev.apikey.example;

import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before a request reaches the application (a request it cannot parse, an HTTPS request for a
 * host name the certificate does not cover) as problems, for every method, where Jetty's default answers with an
 * empty body. A core handler, not the servlet one ({@link JsonErrorHandler}): at the server level, before any servlet
 * context, the servlet handler writes nothing.
 */
final class ServerErrorHandler extends ErrorHandler {

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
        JsonErrorHandler.write(
                response,
                callback,
                cause instanceof HostNotInCertificate mismatch ? mismatch.problem() : ContainerProblems.of(code));
        return true;
    }
}
