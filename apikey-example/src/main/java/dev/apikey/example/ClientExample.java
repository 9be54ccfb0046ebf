package dev.apikey.example;

import dev.apikey.KeyFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A client as the recipe teaches: the key comes from the {@code API_KEY} environment variable, never from
 * source code, and travels in the {@code X-API-Key} header. Run it with
 * {@code API_KEY=… java -cp apikey-example.jar dev.apikey.example.ClientExample [URL]}.
 */
public final class ClientExample {

    /** Where it calls when no URL is given. */
    static final String DEFAULT_URL = "http://localhost:8080/secure-data";

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private ClientExample() {}

    /**
     * Calls {@code /secure-data} (or the URL given) and prints the status and body; exits 0 on a success, 1 on an
     * error status or when the server cannot be reached, 2 on wrong usage (no API_KEY, a malformed URL).
     */
    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** What {@link #main} does, with its environment and output given; returns the exit code. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length > 1) {
            err.println("error: at most one argument, the URL to call; usage: API_KEY=… java -cp apikey-example.jar"
                    + " dev.apikey.example.ClientExample [URL] (default: " + DEFAULT_URL + ")");
            return 2;
        }
        String apiKey = env.get("API_KEY");
        if (apiKey == null || apiKey.isBlank()) {
            err.println("error: set API_KEY to your key, e.g."
                    + " API_KEY=$(java -jar apikey-example/target/apikey-example.jar keys create --name me)");
            return 2;
        }
        URI url;
        HttpRequest request;
        try {
            url = ClientUrl.parse(args.length > 0 ? args[0] : DEFAULT_URL);
            request = HttpRequest.newBuilder(url)
                    .timeout(ANSWER_TIMEOUT)
                    .header("X-API-Key", apiKey.strip())
                    .GET()
                    .build();
        } catch (ClientUrl.InvalidUrlException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println(
                    "error: API_KEY cannot be sent in a header (it holds a line break or another control character):"
                            + " set it to the key alone");
            return 2;
        }
        try {
            HttpResponse<String> response = HttpClient.newBuilder()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            out.println(response.statusCode() + " " + response.body());
            return response.statusCode() >= 400 ? 1 : 0;
        } catch (IOException e) {
            err.println("error: " + ClientFailure.describe(e, url));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted while calling " + KeyFormat.redact(url.toString()));
            return 1;
        }
    }
}
