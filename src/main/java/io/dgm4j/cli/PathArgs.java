package io.dgm4j.cli;

import io.dgm4j.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Checks of path options before any work: an empty path would silently mean the working directory. */
final class PathArgs {
    private PathArgs() {
    }

    /** A folder option (--run, --out of train); an empty value is refused, not read as ".". */
    static Path folder(String option, Path value) {
        if (value != null && value.toString().isBlank()) {
            throw new InvalidInputException(option + " is empty: give a folder, e.g. " + option + " runs/moons");
        }
        return value;
    }

    /**
     * An output file option that must end in one of {@code extensions} (lower case, with the dot);
     * returns the matching extension.
     */
    static String outputFile(String option, Path value, String... extensions) {
        Path name = value.getFileName();
        String shown = String.join(" or ", extensions);
        if (value.toString().isBlank() || name == null) {
            throw new InvalidInputException(option + " '" + value + "' is not a file name: give a " + shown + " file");
        }
        if (Files.isDirectory(value)) {
            throw new InvalidInputException(option + " '" + value + "' is a folder: give the path of a " + shown
                    + " file (inside it, e.g. " + value.resolve("out" + extensions[0]) + ")");
        }
        String lower = name.toString().toLowerCase(Locale.ROOT);
        for (String extension : extensions) {
            if (lower.endsWith(extension)) {
                return extension;
            }
        }
        throw new InvalidInputException(option + " '" + value + "' must end in " + shown);
    }
}
