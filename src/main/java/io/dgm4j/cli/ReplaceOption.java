package io.dgm4j.cli;

import io.dgm4j.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * --force of the commands that write one output file (sample, interpolate, density, data): without
 * it, a file that exists is refused before any work, since it may be something a user saved.
 */
final class ReplaceOption {
    @Option(names = "--force", description = "Replace the output file if it exists (default: refuse).")
    boolean force;

    /** Refuses each of {@code files} that exists, unless --force was given. */
    void check(Path... files) {
        for (Path file : files) {
            if (!force && Files.exists(file)) {
                throw new InvalidInputException("'" + file + "' exists: add --force to replace it, "
                        + "or give another --out");
            }
        }
    }
}
