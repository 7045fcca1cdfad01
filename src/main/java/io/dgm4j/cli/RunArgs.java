package io.dgm4j.cli;

import io.dgm4j.InvalidInputException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The run folder a command reads, as {@code --run DIR} or as its one argument: the same on every command. */
final class RunArgs {
    @Option(names = "--run", paramLabel = "DIR", description = "Run folder written by train (or give it as the argument).")
    Path option;

    @Parameters(arity = "0..1", paramLabel = "RUN", description = "Run folder written by train, instead of --run.")
    Path argument;

    /** The folder given one way or the other; exactly one is required. */
    Path folder(String command) {
        if (option != null && argument != null) {
            throw new InvalidInputException(command + " takes one run folder, and got two ('" + argument + "' and --run '"
                    + option + "'): give it as the argument or with --run, not both");
        }
        if (option == null && argument == null) {
            throw new InvalidInputException(command + " needs one run folder: dgm4j " + command
                    + " RUN_DIR (or --run RUN_DIR)");
        }
        return PathArgs.folder("--run", option != null ? option : argument);
    }
}
