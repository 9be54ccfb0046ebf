package dev.apikey.example;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A client as the recipe teaches: the key comes from the {@code API_KEY} environment variable, never from
 * source code, and travels in the {@code X-API-Key} header. Run it with
 * {@code API_KEY=… java -cp apikey-example.jar dev.apikey.example.ClientExample [URL]}.
 */
public final class ClientExample {

    private ClientExample() {}

    /** Calls {@code /secure-data} (or the URL given) and prints the status and body. */
    public static void main(String[] args) throws Exception {
        String apiKey = System.getenv("API_KEY");
        if (apiKey == null || apiKey.isBlank()) {
            System.err.println("error: set API_KEY to your key, e.g."
                    + " API_KEY=$(java -jar apikey-example/target/apikey-example.jar keys create --name me)");
            System.exit(2);
        }
        URI url = URI.create(args.length > 0 ? args[0] : "http://localhost:8080/secure-data");
        HttpRequest request = HttpRequest.newBuilder(url).header("X-API-Key", apiKey).GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        System.out.println(response.statusCode() + " " + response.body());
        if (response.statusCode() >= 400) {
            System.exit(1);
        }
    }
}
