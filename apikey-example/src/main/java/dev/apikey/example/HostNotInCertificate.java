package dev.apikey.example;

import org.eclipse.jetty.http.HttpException;

/** An HTTPS request for a host name the server's certificate does not cover, refused with 400 and what to do. */
final class HostNotInCertificate extends HttpException.RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String certificateNames;
    private final String example;

    /**
     * @param certificateNames the host names the certificate covers, e.g. {@code localhost}
     * @param example          a URL that would work, e.g. {@code https://localhost:8443/health}
     */
    HostNotInCertificate(String certificateNames, String example, Throwable jettys) {
        super(400, "the host name is not covered by the server's certificate", jettys);
        this.certificateNames = certificateNames;
        this.example = example;
    }

    /** The problem the client gets. */
    Problem problem() {
        return new Problem(
                400,
                "host_not_in_certificate",
                "Host not covered by the certificate",
                "This server's TLS certificate is for " + certificateNames
                        + ", not for the host name this request was sent"
                        + " to: call the server by a name its certificate covers, e.g. " + example
                        + " (or its operator can"
                        + " start it with --tls-sni-host-check=false to accept any host name).");
    }
}
