package io.dgm4j.cli;

import io.dgm4j.InvalidInputException;
import io.dgm4j.train.TrainingDivergedException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The dgm4j command line. Bad input ends in one "error:" line and a non-zero exit, never a stack trace. */
@Command(name = "dgm4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Train, sample, evaluate and compare deep generative models.",
        footer = {"", "Run 'dgm4j COMMAND --help' for the options of a command.",
                "Example: dgm4j train --model realnvp --data moons --out runs/moons"},
        subcommands = {DemoCommand.class, TrainCommand.class, DistillCommand.class, SampleCommand.class, InterpolateCommand.class,
                EvalCommand.class, CompareCommand.class, ScoreCommand.class, ClassifierCommand.class,
                DensityCommand.class, ReportCommand.class, DataCommand.class, DownloadMnistCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    static final int EXIT_BAD_INPUT = 2;
    static final int EXIT_DIVERGED = 3;
    static final int EXIT_INTERNAL = 70;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns the exit code (for tests and embedding). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler(Main::handleParameterError);
        try {
            return cli.execute(args);
        } catch (Throwable t) {
            // Errors (a native library that fails to load, memory exhaustion) bypass picocli's handler.
            PrintWriter err = cli.getErr();
            err.println("error: internal error (" + t.getClass().getSimpleName() + ": " + oneLine(t.getMessage())
                    + "); set DGM4J_DEBUG=1 for the stack trace and please report it");
            if (System.getenv("DGM4J_DEBUG") != null) {
                t.printStackTrace(err);
            }
            err.flush();
            return EXIT_INTERNAL;
        }
    }

    private static int handleParameterError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String message = oneLine(e.getMessage());
        if (message.startsWith("Error: ")) {
            message = message.substring("Error: ".length());
        }
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && cmd.getParent() == null
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            message = "unknown command '" + unmatched.getUnmatched().get(0) + "': choose one of "
                    + String.join(", ", cmd.getSubcommands().keySet());
        } else if (e instanceof CommandLine.UnmatchedArgumentException unmatched && isFolderOption(cmd)
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            // train and distill take their run folder as --out only: 'train --resume runs/x' is a natural slip.
            String folder = unmatched.getUnmatched().get(0);
            message = cmd.getCommandName() + " takes no argument '" + folder + "': give a run folder as --out " + folder
                    + (cmd.getCommandSpec().findOption("--resume") != null ? " (with --resume to continue that run)" : "");
        }
        err.println("error: " + message + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return EXIT_BAD_INPUT;
    }

    /** A command whose folder is its --out option, with no positional parameters to take one. */
    private static boolean isFolderOption(CommandLine cmd) {
        return cmd.getParent() != null && cmd.getCommandSpec().findOption("--out") != null
                && cmd.getCommandSpec().positionalParameters().isEmpty();
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        try {
            return report(e, err);
        } finally {
            err.flush();
        }
    }

    private static int report(Exception e, PrintWriter err) {
        if (e instanceof InvalidInputException) {
            err.println("error: " + oneLine(e.getMessage()));
            return EXIT_BAD_INPUT;
        }
        if (e instanceof TrainingDivergedException) {
            err.println("error: " + oneLine(e.getMessage()));
            return EXIT_DIVERGED;
        }
        if (e instanceof java.io.UncheckedIOException || e instanceof java.io.IOException) {
            err.println("error: " + oneLine(e.getMessage()) + ": check the path and free disk space");
            return EXIT_BAD_INPUT;
        }
        err.println("error: internal error (" + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage())
                + "); set DGM4J_DEBUG=1 for the stack trace and please report it");
        if (System.getenv("DGM4J_DEBUG") != null) {
            e.printStackTrace(err);
        }
        return EXIT_INTERNAL;
    }

    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        return message.lines().findFirst().orElse("");
    }

    /** Version from the jar manifest when packaged. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"dgm4j " + (v == null ? "dev" : v)};
        }
    }
}
