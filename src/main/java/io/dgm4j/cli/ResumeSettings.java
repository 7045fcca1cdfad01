package io.dgm4j.cli;

import io.dgm4j.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A resumed run keeps the settings in its config.json, so that it continues as it began (the
 * optimizer's state, schedule and precision belong to it): a setting given with --resume would be
 * ignored, and is refused instead.
 */
final class ResumeSettings {
    private ResumeSettings() {
    }

    /**
     * @param read the options --resume does read (the rest of the command line would be ignored)
     * @throws InvalidInputException naming every other option given on the command line
     */
    static void refuseIgnored(CommandSpec spec, Set<String> read, Path run) {
        List<String> ignored = new ArrayList<>();
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            if (!read.contains(option.longestName())) {
                ignored.add(option.longestName());
            }
        }
        if (!ignored.isEmpty()) {
            throw new InvalidInputException("--resume continues '" + run + "' with the settings in its config.json, so "
                    + String.join(", ", ignored) + " would be ignored: drop " + (ignored.size() == 1 ? "it" : "them")
                    + ", or start a new run with another --out");
        }
    }
}
