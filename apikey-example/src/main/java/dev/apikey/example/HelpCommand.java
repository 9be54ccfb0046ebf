package dev.apikey.example;

import dev.apikey.SafeText;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code help [COMMAND...]}: the usage of the command it names, however deep ({@code help keys create}), on standard
 * output. picocli's built-in help command names one level only.
 */
@Command(name = "help", helpCommand = true, description = "Shows the usage of a command, e.g. help keys create.")
final class HelpCommand implements Callable<Integer> {

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command to show, e.g. keys create.")
    List<String> path = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine target = spec.commandLine().getParent();
        for (String name : path) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "there is no command "
                                + SafeText.quoted(name) + " in '"
                                + target.getCommandSpec().qualifiedName() + "': its commands are "
                                + String.join(", ", target.getSubcommands().keySet()));
            }
            target = next;
        }
        target.usage(spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
