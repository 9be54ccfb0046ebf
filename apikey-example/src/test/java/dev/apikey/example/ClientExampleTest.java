package dev.apikey.example;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ApiKeys;
import dev.apikey.KeyGenerator;
import dev.apikey.KeySpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

/** Issue 13, item 11: {@link ClientExample} printed raw stack traces when the server was down or the URL malformed. */
final class ClientExampleTest {

    private record Result(int exitCode, String out, String err) {}

    private static Result call(String key, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = ClientExample.run(
                args,
                key == null ? Map.of() : Map.of("API_KEY", key),
                new PrintStream(out, true, UTF_8),
                new PrintStream(err, true, UTF_8));
        return new Result(exitCode, out.toString(UTF_8), err.toString(UTF_8));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aServerThatIsDownIsOneLineSayingHowToStartIt() throws Exception {
        String key = KeyGenerator.secure().generate();
        Result result = call(key, "http://127.0.0.1:" + freePort() + "/secure-data?api_key=" + key);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines())
                .singleElement()
                .asString()
                .startsWith("error: cannot connect to http://127.0.0.1:")
                .contains("connection refused — is the server running?")
                .contains("serve");
        assertThat(result.err()).doesNotContain(key).doesNotContain("\tat ");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aMalformedUrlIsAUsageErrorShowingAGoodOne() {
        String key = KeyGenerator.secure().generate();
        for (String url : new String[] {
            "http://local host/secure-data",
            "localhost:8080/secure-data",
            "ftp://localhost/x",
            "http:///secure-data",
            "http://[::1/x?api_key=" + key
        }) {
            Result result = call(key, url);

            assertThat(result.exitCode()).as(url).isEqualTo(2);
            assertThat(result.err().lines())
                    .as(url)
                    .singleElement()
                    .asString()
                    .contains("is not a valid URL")
                    .endsWith("e.g. " + ClientExample.DEFAULT_URL);
            assertThat(result.err()).doesNotContain(key);
        }
    }

    @Test
    void withoutAKeyOrWithTooManyArgumentsItSaysWhatToDo() {
        Result noKey = call(null);
        assertThat(noKey.exitCode()).isEqualTo(2);
        assertThat(noKey.err()).startsWith("error: set API_KEY to your key");

        Result twoUrls = call("x", "http://localhost/a", "http://localhost/b");
        assertThat(twoUrls.exitCode()).isEqualTo(2);
        assertThat(twoUrls.err()).startsWith("error: at most one argument");

        Result lineBreak = call("ak_x\r\nX-Other: 1", "http://localhost/a");
        assertThat(lineBreak.exitCode()).isEqualTo(2);
        assertThat(lineBreak.err()).contains("cannot be sent in a header").doesNotContain("X-Other");
    }

    @Test
    void itPrintsTheStatusAndBodyAndExitsByTheStatus() throws Exception {
        try (ApiKeys apiKeys = ApiKeys.builder().build()) {
            String key = apiKeys.issue(KeySpec.builder("client").build()).secret();
            Server server = ExampleServer.createServer("127.0.0.1", 0, apiKeys, null);
            server.start();
            try {
                String url = "http://127.0.0.1:" + ExampleServer.portOf(server) + "/secure-data";

                Result ok = call(key, url);
                assertThat(ok.exitCode()).isZero();
                assertThat(ok.out()).startsWith("200 {");

                Result refused = call(KeyGenerator.secure().generate(), url);
                assertThat(refused.exitCode()).isEqualTo(1);
                assertThat(refused.out()).startsWith("401 ");
            } finally {
                server.stop();
            }
        }
    }
}
