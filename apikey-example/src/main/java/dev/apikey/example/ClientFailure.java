package dev.apikey.example;

import dev.apikey.KeyFormat;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;

/** Why {@link ClientExample}'s call failed, in one line that says what to do; never a stack trace. */
final class ClientFailure {

    /** How to start the server this client calls by default. */
    static final String START_SERVER = "start it with `java -jar apikey-example/target/apikey-example.jar serve`";

    private ClientFailure() {}

    /** The message for {@code e}, raised calling {@code url}. */
    static String describe(IOException e, URI url) {
        String target = KeyFormat.redact(url.toString());
        if (e instanceof HttpConnectTimeoutException) {
            return "cannot connect to " + target + ": no answer within " + ClientExample.CONNECT_TIMEOUT.toSeconds()
                    + " s — is the host name right, and does a firewall let the port through?";
        }
        if (e instanceof HttpTimeoutException) {
            return target + " did not answer within " + ClientExample.ANSWER_TIMEOUT.toSeconds() + " s — is the server"
                    + " overloaded or stuck? see its log";
        }
        if (has(e, UnresolvedAddressException.class) || has(e, UnknownHostException.class)) {
            return "cannot connect to " + target + ": unknown host " + url.getHost() + " — check the URL's host name";
        }
        if (e instanceof ConnectException) {
            return "cannot connect to " + target + ": connection refused — is the server running? " + START_SERVER;
        }
        if (has(e, SSLException.class)) {
            return "cannot talk TLS with " + target + " (" + oneLine(e)
                    + ") — does the server serve HTTPS, and does this" + " Java trust its certificate?";
        }
        return "calling " + target + " failed: " + oneLine(e)
                + (url.getScheme().equalsIgnoreCase("http")
                        ? " — if the server serves HTTPS (serve --tls-keystore), use an https:// URL"
                        : "");
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return KeyFormat.redact(message.replace('\n', ' ').replace('\r', ' '));
    }
}
