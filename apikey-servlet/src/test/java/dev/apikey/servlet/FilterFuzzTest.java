package dev.apikey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.apikey.ApiKey;
import dev.apikey.ApiKeys;
import dev.apikey.KeyHash;
import dev.apikey.KeyHasher;
import dev.apikey.KeyStore;
import dev.apikey.KeyStoreException;
import dev.apikey.RequireApiKey;
import dev.apikey.VerificationListener;
import dev.apikey.testing.ForwardingKeyStore;
import dev.apikey.testing.PlaintextKeys;
import dev.apikey.testing.ReferenceKeyFormat;
import jakarta.annotation.security.DenyAll;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Fuzzes the filter end to end: a request written as text ({@code METHOD target} on the first line, then
 * {@code Name: value} headers) goes through Jetty's in-memory {@link LocalConnector} (no socket, the real
 * container, dispatch and annotation resolution) to servlets protected in every way the filter supports.
 * Invariants: the status is 2xx, 4xx or 503, never 5xx otherwise; a protected servlet (by annotation or by path
 * rule) runs only when the request carried the active key; nothing under a deny rule or {@code @DenyAll} runs,
 * whatever the path's spelling; no response ever carries a key that was sent; a store that fails answers 503 and
 * lets nothing through; every request is audited (all access logged) and no audit line carries a key that was
 * sent or a line break.
 *
 * <p>Seeds: {@code src/test/resources/dev/apikey/servlet/FilterFuzzTestInputs/filterAnswersOnly2xx4xxOr503/}.
 */
final class FilterFuzzTest {

    static final String ACTIVE = ReferenceKeyFormat.key("fz", "ActiveKeyUsedOnlyByTheFuzzTests0123456789ab");
    static final String REVOKED = ReferenceKeyFormat.key("fz", "RevokedKeyUsedOnlyByTheFuzzTests0123456789a");
    /** A key whose lookup fails as a broken store's would. */
    static final String FAILING = ReferenceKeyFormat.key("fz", "FailingStoreLookupForTheFuzzTests0123456789");
    /** Headers the test frames the request with; fuzzed ones would only make the container wait for a body. */
    private static final Set<String> FRAMING =
            Set.of("content-length", "transfer-encoding", "expect", "connection", "host");

    private static Server server;
    private static LocalConnector connector;
    private static final AuditLines AUDIT = new AuditLines();

    /** Collects the audit logger's lines (message, key-value pairs, MDC) instead of the log file. */
    private static final class AuditLines extends AppenderBase<ILoggingEvent> {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            lines.add(event.getFormattedMessage() + " " + event.getKeyValuePairs() + " " + event.getMDCPropertyMap());
        }
    }

    /** The in-memory store, except that looking up one hash fails as a broken database would. */
    private static final class FailingForOneHash extends ForwardingKeyStore {
        private final KeyHash failing;

        FailingForOneHash(KeyStore delegate, KeyHash failing) {
            super(delegate);
            this.failing = failing;
        }

        @Override
        public Optional<ApiKey> findByHash(KeyHash hash) {
            if (hash.equals(failing)) {
                throw new KeyStoreException("the fuzz test's store fails for this key");
            }
            return super.findByHash(hash);
        }
    }

    @RequireApiKey
    public static final class Protected extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write("protected-ran" + KeySources.seenBy(request));
        }
    }

    /**
     * What the application may never see: a place the filter reads keys from (the key header, {@code Authorization}
     * with an accepted scheme, the query parameter) that still carries a value. Every such place is hidden, on open
     * endpoints too and when two different keys make the request ambiguous; a servlet that sees one says so.
     */
    static final class KeySources {
        private KeySources() {}

        static String seenBy(HttpServletRequest request) {
            for (String value : java.util.Collections.list(request.getHeaders("X-API-Key"))) {
                if (!value.isBlank()) {
                    return "+key-source-seen:header";
                }
            }
            for (String value : java.util.Collections.list(request.getHeaders("Authorization"))) {
                String[] parts = value.strip().split(" ", 2);
                boolean accepted = java.util.Arrays.stream(AuthorizationScheme.values())
                        .anyMatch(scheme -> scheme.token().equalsIgnoreCase(parts[0]));
                if (accepted && parts.length == 2 && !parts[1].isBlank()) {
                    return "+key-source-seen:authorization";
                }
            }
            String query = request.getQueryString();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0
                        && decoded(pair.substring(0, equals)).equals("api_key")
                        && !decoded(pair.substring(equals + 1)).isBlank()) {
                    return "+key-source-seen:query";
                }
            }
            return "";
        }
    }

    @RequireApiKey(scopes = "reports:read")
    public static final class Scoped extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write("protected-ran" + KeySources.seenBy(request));
        }
    }

    @DenyAll
    public static final class Denied extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write("denied-ran");
        }
    }

    /**
     * Serves every other path and says which path rule covers the path the container resolved (never echoing
     * it): the oracle for path rules, including after normalisation ({@code /x/../denied-by-rule/a}). Not
     * annotated, since annotations take precedence over path rules.
     */
    public static final class Open extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
            response.getWriter()
                    .write((under(path, "/denied-by-rule")
                                    ? "open-denied-by-rule"
                                    : under(path, "/keyed-by-rule") ? "open-keyed-by-rule" : "open")
                            + KeySources.seenBy(request));
        }

        private static boolean under(String path, String prefix) {
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
    }

    /** Error pages that carry the status's standard reason and nothing from the request. */
    private static final class StatusOnlyErrorHandler extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
        @Override
        protected boolean generateAcceptableResponse(
                org.eclipse.jetty.server.Request request,
                org.eclipse.jetty.server.Response response,
                org.eclipse.jetty.util.Callback callback,
                String contentType,
                java.util.List<java.nio.charset.Charset> charsets,
                int code,
                String message,
                Throwable cause) {
            response.write(
                    true,
                    java.nio.ByteBuffer.wrap((code + " " + org.eclipse.jetty.http.HttpStatus.getMessage(code))
                            .getBytes(StandardCharsets.UTF_8)),
                    callback);
            return true;
        }
    }

    @BeforeAll
    static void startContainer() throws Exception {
        KeyHasher hasher = KeyHasher.sha256();
        KeyStore store = new FailingForOneHash(KeyStore.inMemory(), hasher.hash(FAILING));
        KeyStore.fromEntries(
                        "active sha256:" + hasher.hash(ACTIVE).toHex() + " scopes=reports:read" + "; revoked sha256:"
                                + hasher.hash(REVOKED).toHex(),
                        "fuzz entries",
                        hasher)
                .list()
                .forEach(store::save);
        Logger audit = (Logger) LoggerFactory.getLogger("dev.apikey.audit");
        audit.setLevel(Level.TRACE);
        audit.setAdditive(false); // checked per input below, kept out of the TRACE file (fuzzing makes millions)
        AUDIT.setContext(audit.getLoggerContext());
        AUDIT.start();
        audit.addAppender(AUDIT);
        ApiKeys apiKeys = ApiKeys.builder()
                .store(store)
                .hasher(hasher)
                .prefix("fz")
                .listener(VerificationListener.logging(true))
                .usageFlushInterval(Duration.ofHours(1))
                .build();
        apiKeys.revoke("env_revoked").orElseThrow();

        server = new Server();
        connector = new LocalConnector(server);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addServlet(new ServletHolder("protected", new Protected()), "/protected/*");
        context.addServlet(new ServletHolder("scoped", new Scoped()), "/scoped/*");
        context.addServlet(new ServletHolder("denied", new Denied()), "/denied/*");
        context.addServlet(new ServletHolder("open", new Open()), "/");
        ApiKeyFilter filter = ApiKeyFilter.builder()
                .apiKeys(apiKeys)
                .queryParameter("api_key")
                .authorizationSchemes(AuthorizationScheme.values())
                .trustedProxies("10.0.0.0/8", "127.0.0.0/8")
                .requireKey("/keyed-by-rule/*")
                .deny("/denied-by-rule/*")
                .build();
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.allOf(DispatcherType.class));
        // As a deployment should (and the example does): the container's own error pages name the status only.
        // Jetty's default page echoes the URI, so a key sent in the query of a request Jetty rejects before any
        // filter (a fragment, say) would come back in it: found by this fuzz test.
        context.setErrorHandler(new StatusOnlyErrorHandler());
        server.setErrorHandler(new StatusOnlyErrorHandler());
        server.setHandler(context);
        server.start();
    }

    @AfterAll
    static void stopContainer() throws Exception {
        server.stop();
        Logger audit = (Logger) LoggerFactory.getLogger("dev.apikey.audit");
        audit.detachAppender(AUDIT);
        audit.setAdditive(true);
        audit.setLevel(null); // inherit again
    }

    /** The harness is not vacuous: the active key reaches the protected servlet, a revoked one is refused. */
    @Test
    void harnessReachesProtectedServletsOnlyWithTheActiveKey() throws Exception {
        assertThat(send("GET /protected/x\nX-API-Key: " + ACTIVE).response.getContent())
                .isEqualTo("protected-ran");
        assertThat(send("GET /scoped/x?api_key=" + ACTIVE).response.getContent())
                .isEqualTo("protected-ran");
        assertThat(send("GET /protected/x\nX-API-Key: " + REVOKED).response.getStatus())
                .isEqualTo(401);
        assertThat(send("GET /denied/x\nX-API-Key: " + ACTIVE).response.getStatus())
                .isEqualTo(403);
        assertThat(send("GET /open?x=1").response.getContent()).isEqualTo("open");
        assertThat(send("GET /open?api_key=" + REVOKED + "\nX-API-Key: " + ACTIVE + "\nAuthorization: Bearer "
                                + FAILING)
                        .response
                        .getContent())
                .as("two different keys on an open endpoint: every place hidden")
                .isEqualTo("open");
        assertThat(send("GET /keyed-by-rule/a\nX-API-Key: " + ACTIVE).response.getContent())
                .isEqualTo("open-keyed-by-rule");
        assertThat(send("GET /keyed-by-rule/a").response.getStatus()).isEqualTo(401);
        assertThat(send("GET /x/../denied-by-rule/a\nX-API-Key: " + ACTIVE)
                        .response
                        .getStatus())
                .isEqualTo(403);
        HttpTester.Response unavailable = send("GET /protected/x\nX-API-Key: " + FAILING).response;
        assertThat(unavailable.getStatus()).isEqualTo(503);
        assertThat(unavailable.get("Retry-After")).isNotBlank();
        assertThat(unavailable.getContent()).contains("auth_unavailable").doesNotContain("protected-ran");

        // Every verification is audited; a key in the path is redacted there. (Jetty refuses encoded control
        // characters in a path with 400 before any filter: line breaks cannot reach the audit line through it.)
        AUDIT.lines.clear();
        assertThat(send("GET /protected/" + ACTIVE + "\nX-API-Key: " + ACTIVE)
                        .response
                        .getStatus())
                .isEqualTo(200);
        assertThat(AUDIT.lines)
                .singleElement()
                .asString()
                .contains("accepted key=env_active")
                .contains("path=/protected/fz_<redacted>")
                .doesNotContain(ACTIVE.substring(ACTIVE.indexOf('_') + 1));
    }

    @FuzzTest(maxDuration = "10m")
    void filterAnswersOnly2xx4xxOr503(byte[] input) throws Exception {
        AUDIT.lines.clear();
        Exchange exchange = send(new String(input, StandardCharsets.UTF_8));
        int status = exchange.response.getStatus();
        assertThat(status / 100 == 2 || status / 100 == 4 || status == 503)
                .as("status %s for %s answered %s", status, exchange.request, exchange.answer)
                .isTrue();

        String body = exchange.response.getContent() == null ? "" : exchange.response.getContent();
        if (body.equals("protected-ran") || body.equals("open-keyed-by-rule")) {
            assertThat(exchange.sent()).as("%s without the active key", body).contains(ACTIVE);
        }
        assertThat(body).isNotIn("denied-ran", "open-denied-by-rule");
        assertThat(body)
                .as("a place the filter reads keys from reached the application: %s", exchange.request)
                .doesNotContain("key-source-seen");
        for (String key : PlaintextKeys.in(exchange.sent())) {
            assertThat(exchange.answer).as("a key sent comes back").doesNotContain(key);
        }
        // Ids, hints and fingerprints are not key-shaped: whatever key-shaped text an audit line holds came from the
        // request.
        assertThat(PlaintextKeys.in(String.join("\n", AUDIT.lines)))
                .as("key-shaped text in the audit lines")
                .isEmpty();
        for (String line : AUDIT.lines) {
            assertThat(line)
                    .as("an audit line with a line break")
                    .doesNotContain("\n")
                    .doesNotContain("\r");
        }
    }

    private record Exchange(String request, String target, String answer, HttpTester.Response response) {
        /** Everything the client sent, with the target also percent-decoded, to look for keys in. */
        String sent() {
            return request + "\n" + decoded(target);
        }
    }

    /** Sends a request written as {@code METHOD target} and then {@code Name: value} lines. */
    private static Exchange send(String script) throws Exception {
        String[] lines = script.replace("\r", "").split("\n", -1);
        String[] requestLine = lines[0].split(" ", 2);
        String method = requestLine[0].isEmpty() ? "GET" : requestLine[0];
        String target = requestLine.length < 2 || requestLine[1].isEmpty() ? "/" : requestLine[1];
        if (!target.startsWith("/")) {
            // Only origin-form targets reach a context's filters; Jetty answers others itself (a 301 adding the
            // context path, found by fuzzing), so the fuzzer's target is made one.
            target = "/" + target;
        }
        StringBuilder raw =
                new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0
                    && !FRAMING.contains(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT))) {
                raw.append(lines[i]).append("\r\n");
            }
        }
        raw.append("Connection: close\r\n\r\n");
        String answer = connector.getResponse(raw.toString(), 10, TimeUnit.SECONDS);
        assertThat(answer).as("a response within 10 s to %s", raw).isNotNull();
        return new Exchange(raw.toString(), target, answer, HttpTester.parseResponse(answer));
    }

    private static String decoded(String target) {
        try {
            return URLDecoder.decode(target, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return target;
        }
    }
}
