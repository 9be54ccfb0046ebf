package dev.apikey.example;

import java.io.IOException;
import java.net.BindException;

/** Why {@code serve} could not listen, worded with what to do: above all, a port another process holds. */
final class ListenFailure {

    private ListenFailure() {}

    /** The error {@code serve} exits 1 with when starting the server on {@code host}:{@code port} failed with {@code e}. */
    static IllegalStateException of(IOException e, String host, int port) {
        BindException bind = bindException(e);
        if (bind == null) {
            return new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        String reason = bind.getMessage() == null ? "" : bind.getMessage();
        if (reason.contains("in use")) {
            return new IllegalStateException(
                    "port " + port + " on " + host + " is in use: stop the other process or"
                            + " choose another port with --port or APIKEY_PORT",
                    e);
        }
        if (reason.contains("assign")) {
            return new IllegalStateException(
                    "cannot listen on " + host + ":" + port + " (" + reason + "): " + host
                            + " is not an address of this machine; choose one with --host (localhost, 0.0.0.0 for every interface)",
                    e);
        }
        return new IllegalStateException(
                "cannot listen on " + host + ":" + port + " (" + reason + "): choose another port"
                        + " with --port or APIKEY_PORT" + (port < 1024 ? " (ports below 1024 need privileges)" : ""),
                e);
    }

    private static BindException bindException(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                return bind;
            }
        }
        return null;
    }
}
