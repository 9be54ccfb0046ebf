package dev.apikey.example;

import dev.apikey.IssuedKey;
import dev.apikey.SafeText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: runs the secured API until SIGTERM or Ctrl-C, then stops gracefully and exits 0. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the secured API until SIGTERM or Ctrl-C.",
            "Endpoints: GET /secure-data, /health, /whoami, /reports and /admin/keys",
            "(scope keys:admin).",
            "On a first start with an empty store, issues an admin key and prints it once."
        })
final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = {"Port to listen on; 0 picks a free one", "(default: APIKEY_PORT, else 8080)."})
    Integer port;

    @Option(
            names = "--host",
            paramLabel = "HOST",
            defaultValue = "localhost",
            description = {"Interface to listen on (default: localhost;", "0.0.0.0 for every interface)."})
    String host;

    @Option(
            names = "--bench-unprotected",
            hidden = true,
            description = "Also serve /unprotected/secure-data without the filter (for the HTTP benchmark only).")
    boolean benchUnprotected;

    @Mixin
    DbOption db;

    @Option(
            names = "--tls-keystore",
            paramLabel = "FILE",
            description = {"Serve HTTPS only, with this PKCS#12/JKS key store", "(password from APIKEY_TLS_PASSWORD)."})
    Path tlsKeyStore;

    @Option(
            names = "--tls-sni-host-check",
            paramLabel = "true|false",
            arity = "1",
            defaultValue = "${env:APIKEY_TLS_SNI_HOST_CHECK:-true}",
            description = {
                "With --tls-keystore: whether to refuse (400) a",
                "request for a host name the certificate does not",
                "cover, e.g. https://127.0.0.1 with a certificate",
                "for localhost; false accepts any host name",
                "(default: APIKEY_TLS_SNI_HOST_CHECK, else true)."
            })
    boolean tlsSniHostCheck;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int listenPort = resolvePort();
        ExampleServer.Tls tls = resolveTls();
        KeyDatabase database = db.open(Duration.ofSeconds(5), true);
        Server server;
        try {
            LOG.info("keys are stored in {}", database.description);
            server = ExampleServer.createServer(host, listenPort, database.apiKeys, tls);
            if (benchUnprotected) {
                ExampleServer.addUnprotectedCopy(server);
            }
            try {
                server.start();
            } catch (IOException e) {
                server.stop();
                throw ListenFailure.of(e, host, listenPort);
            }
            FirstAdminKey.issueIfStoreIsEmpty(database).ifPresent(admin -> printFirstAdminKey(admin, out(), err()));
        } catch (Exception e) {
            database.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, database), "apikey-example-shutdown"));
        err().println("apikey-example listening on " + (tls == null ? "http" : "https") + "://"
                + (host.equals("0.0.0.0") ? "localhost" : host) + ":"
                + ExampleServer.portOf(server) + " (Ctrl-C or SIGTERM to stop)");
        server.join();
        return 0;
    }

    private static final AtomicBoolean STOPPING = new AtomicBoolean();

    /** Whether a server of this process is being stopped (its shutdown hook runs, and ends the process). */
    static boolean stopping() {
        return STOPPING.get();
    }

    /** Graceful stop: requests in flight finish (up to 10 s), usage is flushed, the exit code is 0. */
    private static void stop(Server server, KeyDatabase database) {
        STOPPING.set(true);
        try {
            LOG.info("stopping: letting requests in flight finish");
            server.stop();
        } catch (Exception e) {
            LOG.warn("the server did not stop cleanly: {}", e.toString());
        } finally {
            database.close();
            LOG.info("stopped; key usage flushed");
            Logging.flushAndStop();
            Runtime.getRuntime().halt(0);
        }
    }

    static void printFirstAdminKey(IssuedKey admin, PrintWriter out, PrintWriter err) {
        err.println();
        err.println("==================================================================================");
        err.println(" FIRST START: the key store was empty, so an admin key (scope keys:admin) was issued.");
        err.println(" It is printed below ONCE and stored only as a hash. Copy it somewhere safe now.");
        err.println("==================================================================================");
        err.flush();
        out.println(admin.secret());
        out.flush();
        err.println();
        err.flush();
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private int resolvePort() {
        if (port != null) {
            return checkPort(port, "--port");
        }
        String fromEnv = System.getenv("APIKEY_PORT");
        if (fromEnv == null || fromEnv.isBlank()) {
            return 8080;
        }
        try {
            return checkPort(Integer.parseInt(fromEnv.strip()), "APIKEY_PORT");
        } catch (NumberFormatException e) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "APIKEY_PORT must be a port number, got " + SafeText.quoted(fromEnv.strip()));
        }
    }

    private int checkPort(int value, String source) {
        if (value < 0 || value > 65535) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), source + " must be between 0 and 65535, got " + value);
        }
        return value;
    }

    private ExampleServer.Tls resolveTls() {
        if (tlsKeyStore == null) {
            return null;
        }
        if (!Files.isReadable(tlsKeyStore)) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--tls-keystore " + tlsKeyStore + " is not a readable file");
        }
        String password = System.getenv("APIKEY_TLS_PASSWORD");
        if (password == null) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--tls-keystore needs the key store's password in APIKEY_TLS_PASSWORD");
        }
        return new ExampleServer.Tls(tlsKeyStore, password, tlsSniHostCheck);
    }
}
