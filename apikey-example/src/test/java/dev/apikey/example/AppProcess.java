package dev.apikey.example;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged example jar run as a separate process, with its output collected. */
final class AppProcess implements AutoCloseable {

    static final Path JAR = Path.of(System.getProperty("apikey.example.jar", "target/apikey-example.jar"));
    /**
     * How long a start (or a CLI command) may take before a test gives up: generous, since the tests wait for the
     * event itself and lose nothing when it comes early, and a JVM starting on a machine whose CPU is
     * oversubscribed (scripts/verify-under-load.sh) has taken over a minute.
     */
    static final Duration STARTUP = Duration.ofSeconds(180);

    final Process process;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final List<Thread> readers = new ArrayList<>();

    private AppProcess(Process process) {
        this.process = process;
        readers.add(drain(process.getInputStream(), out));
        readers.add(drain(process.getErrorStream(), err));
    }

    /** Starts {@code java -jar apikey-example.jar args...} in {@code directory} with extra environment. */
    static AppProcess start(Path directory, Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().remove("APIKEY_DB_URL");
        builder.environment().remove("APIKEY_PEPPER");
        builder.environment().remove("APIKEY_PORT");
        builder.environment().putAll(environment);
        return new AppProcess(builder.start());
    }

    /** Runs a command to completion. */
    static AppProcess run(Path directory, Map<String, String> environment, String... args) throws Exception {
        AppProcess app = start(directory, environment, args);
        app.awaitExit(STARTUP);
        return app;
    }

    private static Thread drain(InputStream stream, StringBuffer into) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    try (InputStream in = stream) {
                        int read;
                        while ((read = in.read(buffer)) >= 0) {
                            into.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                        }
                    } catch (IOException e) {
                        // process gone
                    }
                },
                "app-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    int awaitExit(Duration within) throws Exception {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(
                    "the process did not exit within " + within + "\nstdout:\n" + out + "\nstderr:\n" + err);
        }
        for (Thread reader : readers) {
            reader.join(5_000);
        }
        return process.exitValue();
    }

    /** Sends SIGTERM, as a service manager would (Process.destroy() would also close our end of the output pipes). */
    void terminate() throws Exception {
        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid()))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -TERM " + process.pid() + " failed");
        }
    }

    int exitCode() {
        return process.exitValue();
    }

    String stdout() {
        return out.toString();
    }

    String stderr() {
        return err.toString();
    }

    /**
     * Waits until standard output holds a whole first line (e.g. the first-start admin key, which the server
     * prints on standard output while its log, "listening" included, goes to standard error: the two streams are
     * read by different threads, so one can be ahead of the other) and returns it, stripped.
     */
    String awaitStdoutLine(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            int end = out.indexOf("\n");
            if (end >= 0) {
                return out.substring(0, end).strip();
            }
            if (!process.isAlive() && !readers.get(0).isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line on standard output\nstdout:\n" + out + "\nstderr:\n" + err);
    }

    /** Waits until standard error shows {@code pattern}; returns its first group. */
    String awaitStderr(Pattern pattern, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = pattern.matcher(err);
            if (matcher.find()) {
                return matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + pattern + " on standard error\nstdout:\n" + out + "\nstderr:\n" + err);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
