package dev.apikey.example;

import dev.apikey.KeyFormat;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The example's entry point: {@code serve} runs the secured API; {@code keys} manages keys in the same store.
 * Messages go to standard error; standard output carries only what a command is asked for (a new key, a list, help).
 */
@Command(
        name = "apikey-example",
        mixinStandardHelpOptions = true,
        version = "apikey-example 0.1.0",
        description = "A secured API on embedded Jetty 12 with a key-management CLI.",
        subcommands = {ServeCommand.class, KeysCommand.class, HelpCommand.class},
        footer = {
            "",
            "Store: --db JDBC-URL, else APIKEY_DB_URL, else the SQLite file",
            "./" + KeyDatabase.DEFAULT_FILE + ".",
            "APIKEY_PEPPER: secret for HMAC hashing of keys (recommended).",
            "Help on a command: help COMMAND, e.g. help keys create."
        })
public final class ExampleApp implements Runnable {

    /**
     * Columns of the help text. Descriptions are written in lines that fit it, so picocli never has to wrap one
     * inside a path or URL (it breaks lines after ':', '/' and '?').
     */
    static final int USAGE_WIDTH = 80;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its code: 0 done, 1 failed, 2 wrong usage. */
    public static void main(String[] args) {
        int code = run(System.out, System.err, args);
        if (!ServeCommand.stopping()) {
            // (a server being stopped logs to the end of its shutdown hook, which stops logging itself)
            Logging.flushAndStop();
        }
        System.exit(code);
    }

    /**
     * Runs the command line with what it prints going to {@code out} (what was asked for) and {@code err}
     * (messages); returns the exit code. Logs still go to the process's standard error.
     */
    static int run(PrintStream out, PrintStream err, String... args) {
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine commandLine = new CommandLine(new ExampleApp())
                .setOut(outWriter)
                .setErr(errWriter)
                .setUsageHelpWidth(USAGE_WIDTH)
                .setParameterExceptionHandler(ExampleApp::usageError)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof CommandLine.ParameterException parameter) {
                        return usageError(parameter, parsed.originalArgs().toArray(String[]::new));
                    }
                    cmd.getErr().println("error: " + KeyFormat.redact(oneLine(e)));
                    return 1;
                });
        try {
            return commandLine.execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println("error: " + KeyFormat.redact(e.getMessage()));
        command.usage(command.getErr());
        return 2;
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace('\n', ' ').replace('\r', ' ');
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: serve, keys or help");
    }
}
