package dev.apikey.example;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The example's entry point: {@code serve} runs the secured API; {@code keys} manages keys in the same store.
 * Messages go to standard error; standard output carries only what a command is asked for (a new key, a list).
 */
@Command(name = "apikey-example", mixinStandardHelpOptions = true, version = "apikey-example 0.1.0",
        description = "A secured API on embedded Jetty 12 with a key-management CLI.",
        subcommands = {ServeCommand.class, KeysCommand.class},
        footer = {"", "Store: --db JDBC-URL, else APIKEY_DB_URL, else the SQLite file ./" + KeyDatabase.DEFAULT_FILE + ".",
            "APIKEY_PEPPER: secret for HMAC hashing of keys (recommended)."})
public final class ExampleApp implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its code: 0 done, 1 failed, 2 wrong usage. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line; returns the exit code. */
    static int run(String... args) {
        CommandLine commandLine = new CommandLine(new ExampleApp())
                .setParameterExceptionHandler(ExampleApp::usageError)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof CommandLine.ParameterException parameter) {
                        return usageError(parameter, parsed.originalArgs().toArray(String[]::new));
                    }
                    cmd.getErr().println("error: " + KeyReference.redact(oneLine(e)));
                    return 1;
                });
        return commandLine.execute(args);
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println("error: " + KeyReference.redact(e.getMessage()));
        command.usage(command.getErr());
        return 2;
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace('\n', ' ').replace('\r', ' ');
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: serve or keys");
    }
}
