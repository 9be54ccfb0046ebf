package dev.apikey.example;

import dev.apikey.KeyFormat;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSession;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.util.ssl.X509;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's HTTPS request customizer, whose host check (a request's host name must be one the certificate covers;
 * {@code --tls-sni-host-check}) refuses with a {@link HostNotInCertificate} problem instead of an empty 400, and
 * logs the first refusal (at WARN, once per server: the app runs one) with the fix.
 */
final class HostCheckingCustomizer extends SecureRequestCustomizer {

    private static final Logger LOG = LoggerFactory.getLogger(HostCheckingCustomizer.class);
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]_-]{1,100}");

    private final AtomicBoolean logged = new AtomicBoolean();

    HostCheckingCustomizer(boolean hostCheck) {
        setSniHostCheck(hostCheck);
    }

    @Override
    protected void checkSni(Request request, SSLSession session) {
        try {
            super.checkSni(request, session);
        } catch (HttpException.RuntimeException refused) {
            String names = certificateNames(session);
            String first = names.split(",")[0].replace("*.", "www.");
            String example = "https://" + first + ":" + Request.getServerPort(request) + "/health";
            if (logged.compareAndSet(false, true)) {
                LOG.warn(
                        "refused an HTTPS request (400) sent to the host name {}, which the server's certificate (for {})"
                                + " does not cover; logged once. Clients must call the server by a name its certificate covers,"
                                + " e.g. {}; or start the server with --tls-sni-host-check=false (or APIKEY_TLS_SNI_HOST_CHECK=false)"
                                + " to accept any host name",
                        printable(Request.getServerName(request)),
                        names,
                        example);
            }
            throw new HostNotInCertificate(names, example, refused);
        }
    }

    /** The host names the server's certificate covers, e.g. {@code localhost} or {@code api.example.com, *.example.com}. */
    private static String certificateNames(SSLSession session) {
        Certificate[] certificates = session.getLocalCertificates();
        List<String> names = new ArrayList<>();
        if (certificates != null && certificates.length > 0 && certificates[0] instanceof X509Certificate certificate) {
            X509 x509 = new X509(null, certificate);
            names.addAll(x509.getHosts());
            x509.getWilds().forEach(domain -> names.add("*." + domain));
        }
        return names.isEmpty() ? "no host name" : String.join(", ", names);
    }

    /** A host name fit for the log: as sent when it looks like one, else only its length (it is the client's text). */
    private static String printable(String host) {
        if (host == null) {
            return "(none)";
        }
        return HOST.matcher(host).matches() ? KeyFormat.redact(host) : "(a value of " + host.length() + " characters)";
    }
}
