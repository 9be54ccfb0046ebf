package dev.apikey.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTTP requests against a test container. */
final class Http {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    Http(URI base) {
        this.base = base;
    }

    /** Sends {@code method path} with header name/value pairs. */
    HttpResponse<String> send(String method, String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return send("GET", path, headers);
    }

    /** The response status line and body of a raw request, for bytes HttpClient refuses to send. */
    String raw(byte[] request) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                response.write(buffer, 0, read);
            }
            return response.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** A raw GET with one extra header line given as bytes. */
    String rawGet(String path, byte[] headerLine) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        if (headerLine != null) {
            request.writeBytes(headerLine);
            request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return raw(request.toByteArray());
    }

    static int statusOf(String rawResponse) {
        Matcher status = Pattern.compile("^HTTP/1\\.1 (\\d{3})").matcher(rawResponse);
        if (!status.find()) {
            throw new AssertionError("not an HTTP response: " + rawResponse);
        }
        return Integer.parseInt(status.group(1));
    }

    /** The value of a string field in a flat JSON object. */
    static String jsonField(String json, String field) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(field) + "\":(\"((?:[^\"\\\\]|\\\\.)*)\"|(\\d+))")
                .matcher(json);
        if (!matcher.find()) {
            return null;
        }
        return matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
    }

    /** The value of {@code name=} in an echo body. */
    static String echoed(String body, String name) {
        for (String line : body.split("\n")) {
            if (line.startsWith(name + "=")) {
                return line.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + body);
    }
}
