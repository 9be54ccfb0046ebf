package dev.apikey.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy the test controls: {@link #cut()} closes every connection and refuses new ones (the
 * database "goes away" without touching the shared server), {@link #restore()} lets traffic through again.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean open = true;
    private volatile boolean stalled;
    private volatile boolean running = true;

    /** Listens on a free loopback port and forwards every connection to {@code targetHost:targetPort}. */
    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "test-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The loopback port to connect to instead of the target's. */
    public int port() {
        return server.getLocalPort();
    }

    /** Closes every connection and refuses new ones: the target is gone. */
    public void cut() {
        open = false;
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    /** Forwards again, after {@link #cut()} or {@link #stall()}. */
    public void restore() {
        open = true;
        stalled = false;
    }

    /** Keeps every connection open but forwards nothing: a database that hangs. */
    public void stall() {
        stalled = true;
    }

    private void accept() {
        while (running) {
            try {
                Socket client = server.accept();
                if (!open) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int read;
                        while ((read = in.read(buffer)) >= 0) {
                            while (stalled && running) {
                                Thread.sleep(20);
                            }
                            out.write(buffer, 0, read);
                            out.flush();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (IOException e) {
                        // connection cut
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        sockets.remove(from);
                        sockets.remove(to);
                    }
                },
                "test-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        cut();
        server.close();
    }
}
